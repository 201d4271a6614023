package io.sluice.mq.broker.send;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.store.MessageDraft;
import java.util.List;

/**
 * Sends that do not go to their queue at once: messages of an exactly-once transaction, staged
 * until their commit (docs/design/exactly-once-primitives.md). The send processor does the usual
 * checks (topic, permission, queue, sizes) and builds the drafts, then hands them here when {@link
 * #applies} says so. Implementations must be thread-safe and must not block (they may run on a
 * network thread): they answer when the store's append completes.
 */
public interface StagedSends {

    /** Whether {@code request} carries the fields of a staged send. */
    boolean applies(RemotingCommand request);

    /**
     * Stages {@code drafts} (addressed to their real topic and {@code queueId}) and answers {@code
     * context} like a send: msgId, queueId, and queueOffset -1 (the offset is known at commit).
     */
    void stage(RequestContext context, RemotingCommand request, int queueId, List<MessageDraft> drafts);
}
