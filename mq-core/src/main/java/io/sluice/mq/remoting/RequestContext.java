package io.sluice.mq.remoting;

import io.sluice.mq.protocol.RemotingCommand;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One received request's way back to its sender. {@link #respond} binds the response to the
 * request (opaque, response flag, serialize type) and writes it once; later calls and responses to
 * oneway requests are dropped. Thread-safe: a held pull may be answered from any thread.
 */
public final class RequestContext {

    private final RemoteChannel channel;
    private final RemotingCommand request;
    private final long receivedNanos;
    private final AtomicBoolean answered = new AtomicBoolean();

    RequestContext(RemoteChannel channel, RemotingCommand request, long receivedNanos) {
        this.channel = channel;
        this.request = request;
        this.receivedNanos = receivedNanos;
    }

    /** The connection the request came on. */
    public RemoteChannel channel() {
        return channel;
    }

    /** The request. */
    public RemotingCommand request() {
        return request;
    }

    /** {@link io.sluice.mq.common.Clock#nanoTime()} when the frame was decoded. */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** Whether a response was already written (or the request was oneway and is done). */
    public boolean answered() {
        return answered.get();
    }

    /**
     * Writes {@code response} to the sender, unless the request was oneway or already answered.
     *
     * @return whether this call wrote the response
     */
    public boolean respond(RemotingCommand response) {
        if (!answered.compareAndSet(false, true) || request.isOneway()) {
            return false;
        }
        response.opaque(request.opaque());
        response.serializeType(request.serializeType());
        if (!response.isResponse()) {
            throw new IllegalArgumentException("not a response: " + response);
        }
        channel.nettyChannel().writeAndFlush(response);
        return true;
    }
}
