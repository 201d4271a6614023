package io.sluice.mq.common;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to. Thread-safe. */
public final class ManualClock implements Clock {

    private final AtomicLong nowMs;
    private final AtomicLong nanos = new AtomicLong();

    public ManualClock(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    /** Moves both clocks forward by {@code millis}. */
    public void advanceMs(long millis) {
        nowMs.addAndGet(millis);
        nanos.addAndGet(millis * 1_000_000L);
    }

    @Override
    public long nowMs() {
        return nowMs.get();
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }
}
