package io.sluice.mq.remoting;

import io.sluice.mq.protocol.RemotingCommand;

/**
 * A processor that can answer some requests on the network thread that decoded them, skipping the
 * hand-off to its executor. {@link #tryInline} must never block: no disk I/O, no lock waits, no
 * user callbacks (ARCHITECTURE.md §3, STYLE.md 2.9); what would block it leaves to {@link #process},
 * which runs on the executor as usual. Exceptions are answered as for {@link #process}.
 *
 * <p>Why: on a small machine the hand-off (a queue, a thread wake-up and a context switch) cost
 * more than the work itself for sends to existing topics (docs/design/inline-send.md).
 */
public interface InlineRequestProcessor extends RequestProcessor {

    /**
     * Handles {@code request} now if that needs no blocking step.
     *
     * @return true if handled (answered now or later by a non-blocking path), false to have it
     *     processed on the executor instead
     */
    boolean tryInline(RequestContext context, RemotingCommand request) throws Exception;
}
