package io.sluice.mq.remoting;

import io.sluice.mq.protocol.RemotingCommand;

/**
 * Handles requests of one or more codes. Runs on the executor it was registered with. It answers
 * through {@link RequestContext#respond}, now or later (long polling keeps the context and answers
 * when data arrives). An exception thrown here is answered with SYSTEM_ERROR, or
 * INVALID_PARAMETER-style codes for a {@link io.sluice.mq.protocol.ProtocolException}, by the
 * transport.
 */
@FunctionalInterface
public interface RequestProcessor {

    /** Handles {@code request}, which arrived in {@code context}. */
    void process(RequestContext context, RemotingCommand request) throws Exception;
}
