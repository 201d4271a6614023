package io.sluice.mq.common;

/** The real clock. Thread-safe and stateless; construct it where the process starts. */
public final class SystemClock implements Clock {

    @Override
    public long nowMs() {
        // CHECKSTYLE.OFF: BannedApi - the one place that reads the system clock
        return System.currentTimeMillis();
        // CHECKSTYLE.ON: BannedApi
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
