package io.sluice.interop.rocketmq5.bench;

import io.sluice.mq.launcher.bench.LatencyHistogram;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * Times every PULL_MESSAGE and LITE_PULL_MESSAGE round trip of the official client, from just before the request is
 * written to the response's arrival, through the client's own RPC hook. This is the broker-facing
 * latency of a catch-up read (service time plus loopback), while the time of {@code poll()} mostly
 * says whether the consumer's buffer happened to be empty. Thread-safe: the client calls the hook
 * from its pull threads.
 */
final class PullRoundTrips implements RPCHook {

    private static final int PULL_MESSAGE = 11;
    private static final int LITE_PULL_MESSAGE = 361;

    private final Map<RemotingCommand, Long> started = new ConcurrentHashMap<>();
    private final LatencyHistogram latencies = new LatencyHistogram();

    @Override
    public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
        if (request.getCode() == PULL_MESSAGE || request.getCode() == LITE_PULL_MESSAGE) {
            started.put(request, System.nanoTime()); // RemotingCommand has identity equality
        }
    }

    @Override
    public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
        Long sent = request == null ? null : started.remove(request);
        if (sent != null) {
            long micros = (System.nanoTime() - sent) / 1000;
            synchronized (this) {
                latencies.record(micros);
            }
        }
    }

    /** A copy of the round trips recorded so far, in microseconds. */
    synchronized LatencyHistogram latencies() {
        LatencyHistogram copy = new LatencyHistogram();
        copy.add(latencies);
        return copy;
    }
}
