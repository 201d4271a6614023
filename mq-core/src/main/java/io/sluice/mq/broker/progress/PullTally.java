package io.sluice.mq.broker.progress;

import io.sluice.mq.common.Clock;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What consumer groups pulled from this broker since it started: per group and topic the messages
 * handed out per second over the last minute (consume TPS, as RocketMQ's {@code GROUP_GET_NUMS}
 * statistic), and per group and queue the offset the last answered pull told the group to read next
 * (RocketMQ 5's "pull offset"; pull offset minus committed offset is what mqadmin calls in-flight).
 *
 * <p>Rates are measured with the injected {@link Clock} over {@code min(60 s, time since start)};
 * below one second of history nothing is measured yet, and {@link Rate#windowMs()} is 0 so callers
 * can say "not measured" instead of printing a 0. Both tables are bounded: beyond {@code maxEntries}
 * keys new groups, topics or queues are not tracked (reported as not measured / no pull offset)
 * rather than growing without limit. Held in memory only; a restart starts again. Thread-safe.
 */
public final class PullTally {

    /** Default bound of each table. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private static final long MIN_WINDOW_MS = 1_000;

    private final Clock clock;
    private final long startMs;
    private final int maxEntries;
    private final ConcurrentMap<GroupTopic, RateWindow> rates = new ConcurrentHashMap<>();
    private final ConcurrentMap<GroupQueue, Long> pulledOffsets = new ConcurrentHashMap<>();

    private record GroupTopic(String group, String topic) {}

    private record GroupQueue(String group, String topic, int queueId) {}

    /**
     * A measured rate.
     *
     * @param perSecond messages per second over the window (0 when none were pulled)
     * @param windowMs the window it was measured over; 0 means not measured (too little history)
     */
    public record Rate(double perSecond, long windowMs) {

        public boolean measured() {
            return windowMs > 0;
        }
    }

    public PullTally(Clock clock, int maxEntries) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be > 0, was " + maxEntries);
        }
        this.clock = clock;
        this.startMs = clock.nowMs();
        this.maxEntries = maxEntries;
    }

    /** Records an answered pull of {@code group}: {@code messages} handed out, next offset {@code nextOffset}. */
    public void recordPull(String group, String topic, int queueId, long nextOffset, int messages) {
        GroupQueue queue = new GroupQueue(group, topic, queueId);
        if (pulledOffsets.containsKey(queue) || pulledOffsets.size() < maxEntries) {
            pulledOffsets.put(queue, nextOffset);
        }
        if (messages <= 0) {
            return;
        }
        GroupTopic key = new GroupTopic(group, topic);
        RateWindow window = rates.get(key);
        if (window == null && rates.size() < maxEntries) {
            window = rates.computeIfAbsent(key, k -> new RateWindow());
        }
        if (window != null) {
            window.add(clock.nowMs(), messages);
        }
    }

    /** The next offset the last answered pull of {@code group} on the queue pointed at, if any since start. */
    public OptionalLong pulledOffset(String group, String topic, int queueId) {
        Long offset = pulledOffsets.get(new GroupQueue(group, topic, queueId));
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** Messages per second {@code group} pulled from {@code topics} together, over the last minute. */
    public Rate rate(String group, Collection<String> topics) {
        long now = clock.nowMs();
        long window = Math.min(now - startMs, RateWindow.spanMs(now));
        if (window < MIN_WINDOW_MS || rates.size() >= maxEntries && !tracksAny(group, topics)) {
            return new Rate(0, 0);
        }
        long messages = 0;
        for (String topic : topics) {
            RateWindow rate = rates.get(new GroupTopic(group, topic));
            if (rate != null) {
                messages += rate.sum(now);
            }
        }
        return new Rate(messages * 1000.0 / window, window);
    }

    private boolean tracksAny(String group, Collection<String> topics) {
        return topics.stream().anyMatch(topic -> rates.containsKey(new GroupTopic(group, topic)));
    }
}
