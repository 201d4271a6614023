package io.sluice.mq.remoting;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One client connection while it opens and after: writes submitted before the connection is open
 * wait here and are written, in submission order, as soon as it opens (or failed together if it
 * cannot); later writes go straight to the channel.
 *
 * <p>Why: chaining each request on the connect future let a burst of sends issued while a connection
 * opened reach the broker out of order. Those chained writes ran partly inline on the I/O thread
 * and partly as tasks queued by the caller's thread, depending on who completed the future first,
 * so two async sends to one queue could be stored in the opposite order of issue.
 *
 * <p>Thread-safe. The drain holds this object's lock while it writes (on the I/O thread, so each
 * write goes straight into the channel's outbound buffer), so a write submitted concurrently waits
 * and lands after every earlier one. At most {@link #MAX_WAITING} writes wait; the connect timeout
 * bounds how long.
 */
final class OrderedConnection {

    /** Writes that may wait for one connection to open. */
    static final int MAX_WAITING = 65_536;

    /** A write and what to do if the connection never opens. */
    private record Waiting(Consumer<Channel> write, Consumer<Throwable> failure) {}

    private final String address;
    private final ChannelFuture future;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private boolean settled;

    OrderedConnection(String address, ChannelFuture future) {
        this.address = address;
        this.future = future;
        future.addListener(done -> settle());
    }

    /** Whether new writes may use this connection: still opening, or open. */
    boolean usable() {
        return !future.isDone() || future.channel().isActive();
    }

    /** The channel, open or not. */
    Channel channel() {
        return future.channel();
    }

    /**
     * Runs {@code write} with the open channel after every write submitted before it, or {@code
     * failure} with a {@link RemotingConnectException} if the connection cannot open.
     */
    void submit(Consumer<Channel> write, Consumer<Throwable> failure) {
        synchronized (this) {
            if (!settled) {
                if (waiting.size() >= MAX_WAITING) {
                    failure.accept(new RemotingException(
                            MAX_WAITING + " requests already wait for the connection to " + address + " to open"));
                } else {
                    waiting.add(new Waiting(write, failure));
                }
                return;
            }
        }
        run(write, failure);
    }

    private void settle() {
        synchronized (this) {
            while (!waiting.isEmpty()) {
                Waiting next = waiting.poll();
                run(next.write(), next.failure());
            }
            settled = true;
        }
    }

    private void run(Consumer<Channel> write, Consumer<Throwable> failure) {
        if (!future.isSuccess()) {
            failure.accept(new RemotingConnectException("cannot connect to " + address, future.cause()));
            return;
        }
        try {
            write.accept(future.channel());
        } catch (
                RuntimeException
                        e) { // CHECKSTYLE.OFF: IllegalCatch - one bad write must not strand the writes behind it
            failure.accept(e);
        }
    }
}
