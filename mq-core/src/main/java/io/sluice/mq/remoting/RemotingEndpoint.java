package io.sluice.mq.remoting;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server and the client share: the table of requests awaiting a response (matched by
 * opaque, failed on timeout or when their connection closes), the processors for incoming requests
 * with their executors, and the inbound handler that routes frames to one or the other.
 *
 * <p>Thread-safe. Tables are concurrent maps; the timeout wheel runs on its own thread.
 */
abstract class RemotingEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemotingEndpoint.class);
    private static final AttributeKey<RemoteChannel> REMOTE = AttributeKey.valueOf("sluice.remote");
    private static final int FLUSH_CONSOLIDATION_LIMIT = 256;

    private record Registration(RequestProcessor processor, RequestExecutor executor) {}

    private record Pending(Channel channel, CompletableFuture<RemotingCommand> future, Timeout timeout) {}

    protected final Clock clock;
    private final Map<Integer, Registration> processors = new ConcurrentHashMap<>();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextOpaque = new AtomicInteger();
    private final HashedWheelTimer timeouts;
    private final CopyOnWriteArrayList<ChannelEventListener> listeners = new CopyOnWriteArrayList<>();
    private final InboundHandler inbound = new InboundHandler();

    RemotingEndpoint(Clock clock, ThreadFactory threadFactory, String name) {
        this.clock = clock;
        this.timeouts = new HashedWheelTimer(
                runnable -> {
                    Thread thread = threadFactory.newThread(runnable);
                    thread.setName(name + "-timeouts");
                    thread.setDaemon(true);
                    return thread;
                },
                10,
                TimeUnit.MILLISECONDS);
    }

    /** Routes requests with {@code code} to {@code processor} on {@code executor}. */
    public void registerProcessor(int code, RequestProcessor processor, RequestExecutor executor) {
        processors.put(code, new Registration(processor, executor));
    }

    /** Adds a listener for closed connections. */
    public void addListener(ChannelEventListener listener) {
        listeners.add(listener);
    }

    /** Requests sent and not yet answered, for tests and metrics. */
    public int pendingRequests() {
        return pending.size();
    }

    /**
     * Coalesces flushes: responses completed together (a store batch acknowledging many sends, or
     * the answers to a read burst) leave in one write system call instead of one each. A flush
     * outside a read is deferred to a task queued behind the writes already pending, and at most
     * {@value #FLUSH_CONSOLIDATION_LIMIT} flushes are held back. One per channel (it has state).
     */
    static ChannelHandler flushConsolidation() {
        return new FlushConsolidationHandler(FLUSH_CONSOLIDATION_LIMIT, true);
    }

    ChannelHandler inboundHandler() {
        return inbound;
    }

    RemoteChannel remote(Channel channel) {
        RemoteChannel remote = channel.attr(REMOTE).get();
        if (remote == null) {
            RemoteChannel created = new RemoteChannel(channel, this);
            remote = channel.attr(REMOTE).setIfAbsent(created);
            if (remote == null) {
                remote = created;
            }
        }
        return remote;
    }

    CompletableFuture<RemotingCommand> invoke(Channel channel, RemotingCommand request, long timeoutMs) {
        int opaque = nextOpaque.incrementAndGet();
        request.opaque(opaque);
        CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        Timeout timeout = timeouts.newTimeout(
                ignored -> fail(
                        opaque,
                        new RemotingTimeoutException(
                                "no response from " + remote(channel).remoteAddress() + " within " + timeoutMs
                                        + " ms to " + RequestCode.name(request.code()))),
                timeoutMs,
                TimeUnit.MILLISECONDS);
        pending.put(opaque, new Pending(channel, future, timeout));
        channel.writeAndFlush(request).addListener(write -> {
            if (!write.isSuccess()) {
                fail(
                        opaque,
                        new RemotingConnectException(
                                "sending " + RequestCode.name(request.code()) + " to "
                                        + remote(channel).remoteAddress() + " failed",
                                write.cause()));
            }
        });
        return future;
    }

    CompletableFuture<Void> sendOneway(Channel channel, RemotingCommand request) {
        request.opaque(nextOpaque.incrementAndGet());
        request.markOneway();
        CompletableFuture<Void> written = new CompletableFuture<>();
        channel.writeAndFlush(request).addListener(write -> {
            if (write.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(new RemotingConnectException(
                        "sending oneway " + RequestCode.name(request.code()) + " failed", write.cause()));
            }
        });
        return written;
    }

    private void fail(int opaque, RemotingException error) {
        Pending entry = pending.remove(opaque);
        if (entry != null) {
            entry.timeout().cancel();
            entry.future().completeExceptionally(error);
        }
    }

    private void onResponse(RemotingCommand response) {
        Pending entry = pending.remove(response.opaque());
        if (entry == null) {
            LOG.debug("dropping response without a waiting request: {}", response);
            return;
        }
        entry.timeout().cancel();
        entry.future().complete(response);
    }

    private void onRequest(Channel channel, RemotingCommand request) {
        RequestContext context = new RequestContext(remote(channel), request, clock.nanoTime());
        Registration registration = processors.get(request.code());
        if (registration == null) {
            context.respond(RemotingCommand.response(
                    ResponseCode.REQUEST_CODE_NOT_SUPPORTED, " request type " + request.code() + " not supported"));
            return;
        }
        if (registration.processor() instanceof InlineRequestProcessor inline && tryInline(inline, context)) {
            return;
        }
        registration.executor().execute(context, () -> runProcessor(registration.processor(), context));
    }

    /** Runs the inline part of {@code processor} on this network thread; false to hand off. */
    private static boolean tryInline(InlineRequestProcessor processor, RequestContext context) {
        return guard(context, () -> processor.tryInline(context, context.request()));
    }

    private static void runProcessor(RequestProcessor processor, RequestContext context) {
        guard(context, () -> {
            processor.process(context, context.request());
            return true;
        });
    }

    /** A processor step whose failure is answered: SYSTEM_ERROR with the reason. */
    @FunctionalInterface
    private interface Step {
        boolean run() throws Exception;
    }

    private static boolean guard(RequestContext context, Step step) {
        RemotingCommand request = context.request();
        try {
            return step.run();
        } catch (ProtocolException e) {
            context.respond(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage()));
        } catch (Exception e) { // CHECKSTYLE.OFF: IllegalCatch - any processor failure becomes an error response
            LOG.warn("processing {} from {} failed", RequestCode.name(request.code()), context.channel(), e);
            context.respond(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, String.valueOf(e)));
        }
        return true;
    }

    private void onClosed(Channel channel) {
        for (Map.Entry<Integer, Pending> entry : pending.entrySet()) {
            if (entry.getValue().channel() == channel) {
                fail(
                        entry.getKey(),
                        new RemotingConnectException(
                                "connection to " + remote(channel).remoteAddress() + " closed before the response"));
            }
        }
        RemoteChannel remote = remote(channel);
        for (ChannelEventListener listener : listeners) {
            try {
                listener.onClosed(remote);
            } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - one listener must not stop the others
                LOG.warn("channel listener failed for {}", remote, e);
            }
        }
    }

    /** Stops the timeout wheel and fails every pending request. */
    @Override
    public void close() {
        for (Integer opaque : pending.keySet()) {
            fail(opaque, new RemotingConnectException("endpoint closed"));
        }
        timeouts.stop();
    }

    @ChannelHandler.Sharable
    private final class InboundHandler extends SimpleChannelInboundHandler<RemotingCommand> {

        @Override
        protected void channelRead0(ChannelHandlerContext context, RemotingCommand command) {
            if (command.isResponse()) {
                onResponse(command);
            } else {
                onRequest(context.channel(), command);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) throws Exception {
            onClosed(context.channel());
            super.channelInactive(context);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                LOG.info("closing idle connection {}", context.channel().remoteAddress());
                context.channel().close();
                return;
            }
            super.userEventTriggered(context, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            LOG.warn("closing connection {} after error: {}", context.channel().remoteAddress(), cause.toString());
            context.channel().close();
        }
    }
}
