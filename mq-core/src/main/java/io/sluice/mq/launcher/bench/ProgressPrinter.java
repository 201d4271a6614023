package io.sluice.mq.launcher.bench;

import io.sluice.mq.common.Clock;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Prints the rate of the last interval every 5 s while a benchmark runs. Used by one thread. */
final class ProgressPrinter {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Clock clock;
    private final PrintWriter out;
    private final AtomicLong counter;
    private final int messageBytes;
    private long lastNanos;
    private long lastCount;

    ProgressPrinter(Clock clock, PrintWriter out, AtomicLong counter, int messageBytes) {
        this.clock = clock;
        this.out = out;
        this.counter = counter;
        this.messageBytes = messageBytes;
        this.lastNanos = clock.nanoTime();
        this.lastCount = counter.get();
    }

    long millisToNextLine() {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(lastNanos + INTERVAL_NANOS - clock.nanoTime()));
    }

    void maybePrint() {
        long now = clock.nanoTime();
        if (now - lastNanos < INTERVAL_NANOS) {
            return;
        }
        long count = counter.get();
        double seconds = (now - lastNanos) / 1e9;
        BenchReport.print(
                out,
                String.format(
                        Locale.ROOT,
                        "  %,.0f msgs/s, %.1f MB/s",
                        (count - lastCount) / seconds,
                        (count - lastCount) * (double) messageBytes / seconds / 1e6));
        lastNanos = now;
        lastCount = count;
    }
}
