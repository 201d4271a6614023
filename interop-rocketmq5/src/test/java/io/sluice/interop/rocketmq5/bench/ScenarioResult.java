package io.sluice.interop.rocketmq5.bench;

import io.sluice.mq.launcher.bench.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one scenario against one broker, for one run or merged over several runs:
 * messages acknowledged (or consumed) in the measured windows, their latencies in microseconds,
 * errors, and what the broker JVM used. Immutable once built (the histograms are copies nobody
 * else holds).
 *
 * @param scenario "sync", "async", "batch" or "consume"
 * @param broker "rocketmq" or "sluice"
 * @param messages messages in the measured windows
 * @param seconds total length of the measured windows
 * @param bodyBytes body size of each message
 * @param latency per send, per batch, or per poll (consume)
 * @param errors failed sends, sends answered other than SEND_OK, messages not consumed
 * @param usage the broker JVM over the measured windows
 * @param roundTrips consume only: the pull requests' round trips (else null)
 * @param runMessagesPerSecond throughput of each run merged into this result, in run order
 */
record ScenarioResult(
        String scenario,
        String broker,
        long messages,
        double seconds,
        int bodyBytes,
        LatencyHistogram latency,
        long errors,
        ProcessProbe.Usage usage,
        LatencyHistogram roundTrips,
        List<Double> runMessagesPerSecond) {

    static ScenarioResult of(
            String scenario,
            String broker,
            long messages,
            double seconds,
            int bodyBytes,
            LatencyHistogram latency,
            long errors,
            ProcessProbe.Usage usage) {
        return new ScenarioResult(
                scenario,
                broker,
                messages,
                seconds,
                bodyBytes,
                latency,
                errors,
                usage,
                null,
                List.of(messages / seconds));
    }

    ScenarioResult withRoundTrips(LatencyHistogram histogram) {
        return new ScenarioResult(
                scenario,
                broker,
                messages,
                seconds,
                bodyBytes,
                latency,
                errors,
                usage,
                histogram,
                runMessagesPerSecond);
    }

    /** This result and {@code other} (same scenario and broker) as one: sums, merged histograms. */
    ScenarioResult merge(ScenarioResult other) {
        LatencyHistogram mergedLatency = copy(latency);
        mergedLatency.add(other.latency);
        LatencyHistogram mergedTrips = null;
        if (roundTrips != null && other.roundTrips != null) {
            mergedTrips = copy(roundTrips);
            mergedTrips.add(other.roundTrips);
        }
        List<Double> runs = new ArrayList<>(runMessagesPerSecond);
        runs.addAll(other.runMessagesPerSecond);
        return new ScenarioResult(
                scenario,
                broker,
                messages + other.messages,
                seconds + other.seconds,
                bodyBytes,
                mergedLatency,
                errors + other.errors,
                usage.merge(seconds, other.usage, other.seconds),
                mergedTrips,
                List.copyOf(runs));
    }

    private static LatencyHistogram copy(LatencyHistogram histogram) {
        LatencyHistogram copy = new LatencyHistogram();
        copy.add(histogram);
        return copy;
    }

    double messagesPerSecond() {
        return messages / seconds;
    }

    /** Body megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return messagesPerSecond() * bodyBytes / 1e6;
    }

    long p50Micros() {
        return latency.percentile(50);
    }

    long p99Micros() {
        return latency.percentile(99);
    }

    long p999Micros() {
        return latency.percentile(99.9);
    }

    long maxMicros() {
        return latency.max();
    }
}
