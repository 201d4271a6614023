package io.sluice.mq.broker.progress;

import java.util.Arrays;

/**
 * Events counted per wall-clock second over the last {@value #SECONDS} seconds: a ring of
 * per-second buckets, each tagged with the second it holds, so a bucket left over from an earlier
 * lap of the ring reads as empty. Memory is two fixed arrays whatever the traffic. Thread-safe
 * (synchronized; one add per answered pull).
 */
final class RateWindow {

    /** Seconds the window spans (RocketMQ reports consume TPS over the last minute). */
    static final int SECONDS = 60;

    private final long[] counts = new long[SECONDS];
    private final long[] secondOf = new long[SECONDS];

    RateWindow() {
        Arrays.fill(secondOf, Long.MIN_VALUE);
    }

    /** Adds {@code events} at {@code nowMs}. */
    synchronized void add(long nowMs, long events) {
        long second = Math.floorDiv(nowMs, 1000);
        int slot = (int) Math.floorMod(second, SECONDS);
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += events;
    }

    /**
     * Events in the buckets of the last {@value #SECONDS} seconds up to {@code nowMs} (the current,
     * partial second included): {@link #spanMs} long.
     */
    synchronized long sum(long nowMs) {
        long now = Math.floorDiv(nowMs, 1000);
        long sum = 0;
        for (int slot = 0; slot < SECONDS; slot++) {
            if (secondOf[slot] > now - SECONDS && secondOf[slot] <= now) {
                sum += counts[slot];
            }
        }
        return sum;
    }

    /** How long the buckets {@link #sum} adds up cover at {@code nowMs}: 59 whole seconds plus the current part. */
    static long spanMs(long nowMs) {
        return (SECONDS - 1) * 1000L + Math.floorMod(nowMs, 1000L);
    }
}
