package io.sluice.interop.rocketmq5.bench;

import io.sluice.mq.launcher.bench.LatencyHistogram;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Formats results: one line per run while the benchmark goes, and a Markdown report at the end
 * with a figures table (both brokers) and a ratio table (Sluice over RocketMQ: throughput should be
 * at least 1.0, p99 at most 1.0). Stateless.
 */
final class Report {

    private Report() {}

    static String line(ScenarioResult r) {
        ProcessProbe.Usage u = r.usage();
        return figures(r, u) + (r.roundTrips() == null ? "" : "; " + roundTrips(r.roundTrips()));
    }

    private static String roundTrips(LatencyHistogram p) {
        return String.format(
                Locale.ROOT,
                "%,d pull round trips: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms",
                p.count(),
                p.percentile(50) / 1000.0,
                p.percentile(99) / 1000.0,
                p.percentile(99.9) / 1000.0,
                p.max() / 1000.0);
    }

    private static String runs(ScenarioResult r) {
        StringBuilder out = new StringBuilder();
        for (double rate : r.runMessagesPerSecond()) {
            out.append(out.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%,.0f", rate));
        }
        return out.toString();
    }

    private static String figures(ScenarioResult r, ProcessProbe.Usage u) {
        return String.format(
                Locale.ROOT,
                "%,.0f msg/s, %.1f MB/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms, errors %d;"
                        + " CPU broker %.2f / client %.2f / other %.2f cores, GC %d pauses %.0f ms (max %.1f),"
                        + " heap peak %d / live %d MiB of %d, RSS anon %d MiB (total %d)",
                r.messagesPerSecond(),
                r.megabytesPerSecond(),
                r.p50Micros() / 1000.0,
                r.p99Micros() / 1000.0,
                r.p999Micros() / 1000.0,
                r.maxMicros() / 1000.0,
                r.errors(),
                u.cpuCores(),
                u.harnessCores(),
                u.otherCores(),
                u.gcPauses(),
                u.gcPauseMs(),
                u.gcMaxPauseMs(),
                u.heapPeakMb(),
                u.heapLiveMb(),
                u.heapCommittedMb(),
                u.rssAnonMb(),
                u.rssMb());
    }

    static String markdown(List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | broker | msg/s | per round | MB/s | p50 ms | p99 ms | p99.9 ms | max ms | errors "
                + "| CPU broker / client / other (cores) | GC pauses (n / total ms / max ms) "
                + "| heap peak / live / committed MiB | RSS anon / total MiB |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            ProcessProbe.Usage u = r.usage();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %,.0f | %s | %.1f | %.2f | %.2f | %.2f | %.1f | %d | %.2f / %.2f / %.2f "
                            + "| %d / %.0f / %.1f | %d / %d / %d | %d / %d |%n",
                    r.scenario(),
                    r.broker(),
                    r.messagesPerSecond(),
                    runs(r),
                    r.megabytesPerSecond(),
                    r.p50Micros() / 1000.0,
                    r.p99Micros() / 1000.0,
                    r.p999Micros() / 1000.0,
                    r.maxMicros() / 1000.0,
                    r.errors(),
                    u.cpuCores(),
                    u.harnessCores(),
                    u.otherCores(),
                    u.gcPauses(),
                    u.gcPauseMs(),
                    u.gcMaxPauseMs(),
                    u.heapPeakMb(),
                    u.heapLiveMb(),
                    u.heapCommittedMb(),
                    u.rssAnonMb(),
                    u.rssMb()));
        }
        for (ScenarioResult r : results) {
            if (r.roundTrips() != null) {
                out.append('\n')
                        .append(r.scenario())
                        .append(" on ")
                        .append(r.broker())
                        .append(": ");
                out.append(roundTrips(r.roundTrips()));
            }
        }
        out.append("\n\n").append(ratios(results));
        return out.toString();
    }

    private static String ratios(List<ScenarioResult> results) {
        Map<String, ScenarioResult> rocketMq = new LinkedHashMap<>();
        Map<String, ScenarioResult> sluice = new LinkedHashMap<>();
        for (ScenarioResult r : results) {
            (r.broker().equals("sluice") ? sluice : rocketMq).put(r.scenario(), r);
        }
        StringBuilder out = new StringBuilder();
        out.append("| scenario | throughput Sluice / RocketMQ | p99 Sluice / RocketMQ (consume: per poll) | "
                + "broker CPU per msg Sluice / RocketMQ | target (>= 1.0x and p99 <=) |\n");
        out.append("|---|---|---|---|---|\n");
        for (Map.Entry<String, ScenarioResult> entry : sluice.entrySet()) {
            ScenarioResult s = entry.getValue();
            ScenarioResult r = rocketMq.get(entry.getKey());
            if (r == null) {
                continue;
            }
            double throughput = s.messagesPerSecond() / r.messagesPerSecond();
            double p99 = (double) s.p99Micros() / Math.max(1, r.p99Micros());
            double cpu =
                    (s.usage().cpuCores() / s.messagesPerSecond()) / (r.usage().cpuCores() / r.messagesPerSecond());
            boolean met = throughput >= 1.0 && s.p99Micros() <= r.p99Micros();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | **%.2f** | **%.2f** | %.2f | %s |%n",
                    entry.getKey(),
                    throughput,
                    p99,
                    cpu,
                    met ? "met" : "NOT met"));
            if (s.roundTrips() != null && r.roundTrips() != null) {
                out.append(String.format(
                        Locale.ROOT,
                        "| %s (pull round trip) | | **%.2f** | | %s |%n",
                        entry.getKey(),
                        (double) s.roundTrips().percentile(99)
                                / Math.max(1, r.roundTrips().percentile(99)),
                        s.roundTrips().percentile(99) <= r.roundTrips().percentile(99) ? "met" : "NOT met"));
            }
        }
        return out.toString();
    }
}
