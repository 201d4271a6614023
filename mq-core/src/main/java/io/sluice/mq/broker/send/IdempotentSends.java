package io.sluice.mq.broker.send;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.store.MessageDraft;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sends of an idempotent producer (docs/design/exactly-once-primitives.md §4): a retried send is
 * answered with its first answer instead of being appended again. The send processor does the
 * usual checks and builds the drafts, then hands them here when {@link #applies} says so.
 * Implementations must be thread-safe and must not block (they may run on a network thread).
 */
public interface IdempotentSends {

    /** Whether {@code request} carries an idempotence sequence (and is not a staged send). */
    boolean applies(RemotingCommand request);

    /**
     * Answers {@code context}: appends {@code drafts} through {@code append} (which completes
     * with the send's answer, success or failure) when the sequence is the next one, answers a
     * remembered answer for a retry, or refuses.
     *
     * @param topic the topic the client sent to (delayed messages are stored elsewhere until due)
     * @param requestedQueueId the queue id the client asked for (negative: the broker picked one,
     *     which an idempotent send may not do: its sequence is per queue)
     */
    void send(
            RequestContext context,
            RemotingCommand request,
            String topic,
            int requestedQueueId,
            List<MessageDraft> drafts,
            Function<List<MessageDraft>, CompletableFuture<RemotingCommand>> append);
}
