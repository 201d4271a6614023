package io.sluice.interop.rocketmq5.bench;

import io.sluice.mq.launcher.bench.LatencyHistogram;

/**
 * The outcome of one scenario against one broker: messages acknowledged (or consumed) in the
 * measured window, latency percentiles in microseconds, errors, and what the broker JVM used.
 * Immutable.
 *
 * @param scenario "sync", "async", "batch" or "consume"
 * @param broker "rocketmq" or "sluice"
 * @param messages messages in the measured window
 * @param seconds length of the measured window
 * @param bodyBytes body size of each message
 * @param p50Micros median latency (per send, per batch, or per poll)
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros largest
 * @param errors failed sends or polls, and sends answered other than SEND_OK
 * @param usage the broker JVM over the measured window
 * @param loadAverage the machine's 1-minute load average at the end
 * @param roundTrips consume only: percentiles of the pull requests' round trips (else null)
 */
record ScenarioResult(
        String scenario,
        String broker,
        long messages,
        double seconds,
        int bodyBytes,
        long p50Micros,
        long p99Micros,
        long p999Micros,
        long maxMicros,
        long errors,
        ProcessProbe.Usage usage,
        double loadAverage,
        Percentiles roundTrips) {

    /** p50, p99, p99.9 and max of a histogram, microseconds. */
    record Percentiles(long count, long p50, long p99, long p999, long max) {
        static Percentiles of(LatencyHistogram histogram) {
            return new Percentiles(
                    histogram.count(),
                    histogram.percentile(50),
                    histogram.percentile(99),
                    histogram.percentile(99.9),
                    histogram.max());
        }
    }

    ScenarioResult withRoundTrips(LatencyHistogram histogram) {
        return new ScenarioResult(
                scenario,
                broker,
                messages,
                seconds,
                bodyBytes,
                p50Micros,
                p99Micros,
                p999Micros,
                maxMicros,
                errors,
                usage,
                loadAverage,
                Percentiles.of(histogram));
    }

    static ScenarioResult of(
            String scenario,
            String broker,
            long messages,
            double seconds,
            int bodyBytes,
            LatencyHistogram latency,
            long errors,
            ProcessProbe.Usage usage,
            double loadAverage) {
        return new ScenarioResult(
                scenario,
                broker,
                messages,
                seconds,
                bodyBytes,
                latency.percentile(50),
                latency.percentile(99),
                latency.percentile(99.9),
                latency.max(),
                errors,
                usage,
                loadAverage,
                null);
    }

    double messagesPerSecond() {
        return messages / seconds;
    }

    /** Body megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return messagesPerSecond() * bodyBytes / 1e6;
    }
}
