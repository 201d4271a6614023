package io.sluice.mq.broker.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * The delay levels of {@code messageDelayLevel}: a blank-separated list of durations, each a
 * whole number followed by {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}; level {@code k}
 * (1-based) is the k-th entry. RocketMQ's default is {@value #DEFAULT_SPEC}. Immutable.
 */
public final class DelayLevels {

    /** RocketMQ's 18 levels, identical in 4.9.x and 5.x. */
    public static final String DEFAULT_SPEC = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    /** The broker key, RocketMQ's name. */
    public static final String KEY = "messageDelayLevel";

    private final String spec;
    private final long[] delaysMs;

    private DelayLevels(String spec, long[] delaysMs) {
        this.spec = spec;
        this.delaysMs = delaysMs;
    }

    /** RocketMQ's default levels. */
    public static DelayLevels defaults() {
        return parse(DEFAULT_SPEC);
    }

    /**
     * Parses {@code spec}.
     *
     * @throws IllegalArgumentException naming the key, the entry's position and its text
     */
    public static DelayLevels parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("key '" + KEY + "' must list at least one delay, e.g. '1s 5s 1m'");
        }
        String[] entries = spec.trim().split("\\s+");
        if (entries.length > 64) {
            throw new IllegalArgumentException(
                    "key '" + KEY + "' lists " + entries.length + " levels; at most 64 are allowed");
        }
        List<Long> delays = new ArrayList<>(entries.length);
        for (int i = 0; i < entries.length; i++) {
            delays.add(parseEntry(entries[i], i + 1));
        }
        long[] array = new long[delays.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = delays.get(i);
        }
        return new DelayLevels(String.join(" ", entries), array);
    }

    private static long parseEntry(String entry, int level) {
        int unitAt = 0;
        while (unitAt < entry.length() && Character.isDigit(entry.charAt(unitAt))) {
            unitAt++;
        }
        String digits = entry.substring(0, unitAt);
        long unitMs =
                switch (entry.substring(unitAt)) {
                    case "ms" -> 1L;
                    case "s" -> 1_000L;
                    case "m" -> 60_000L;
                    case "h" -> 3_600_000L;
                    case "d" -> 86_400_000L;
                    default -> -1L;
                };
        if (digits.isEmpty() || digits.length() > 9 || unitMs < 0 || Long.parseLong(digits) == 0) {
            throw new IllegalArgumentException("key '" + KEY + "': level " + level + " ('" + entry
                    + "') must be a positive whole number followed by ms, s, m, h or d");
        }
        return Long.parseLong(digits) * unitMs;
    }

    /** How many levels there are. */
    public int count() {
        return delaysMs.length;
    }

    /** Level {@code level} clamped to {@code [1, count()]}, as RocketMQ clamps levels above the last. */
    public int clamp(int level) {
        return Math.max(1, Math.min(level, delaysMs.length));
    }

    /** The delay of {@code level} (1-based; clamped) in milliseconds. */
    public long delayMs(int level) {
        return delaysMs[clamp(level) - 1];
    }

    /** The longest delay, in milliseconds. */
    public long maxDelayMs() {
        long max = 0;
        for (long delay : delaysMs) {
            max = Math.max(max, delay);
        }
        return max;
    }

    /** The normalized specification, as {@code messageDelayLevel} would be written. */
    @Override
    public String toString() {
        return spec;
    }
}
