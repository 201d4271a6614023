package io.sluice.mq.launcher.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One line of results: rate, bandwidth and latency percentiles. Latencies are recorded in
 * microseconds and printed in milliseconds.
 */
final class BenchReport {

    private BenchReport() {}

    static String line(String label, long messages, long bytes, long elapsedNanos, LatencyHistogram latency) {
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        return String.format(
                Locale.ROOT,
                "%s: %,d msgs in %.1f s = %,.0f msgs/s, %.1f MB/s; latency ms p50 %.2f p99 %.2f p999 %.2f max %.2f",
                label,
                messages,
                seconds,
                messages / seconds,
                bytes / seconds / 1e6,
                latency.percentile(50) / 1000.0,
                latency.percentile(99) / 1000.0,
                latency.percentile(99.9) / 1000.0,
                latency.max() / 1000.0);
    }

    static void print(PrintWriter out, String text) {
        out.println(text);
        out.flush();
    }
}
