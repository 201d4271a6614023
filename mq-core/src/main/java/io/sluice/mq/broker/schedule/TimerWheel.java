package io.sluice.mq.broker.schedule;

import io.sluice.mq.common.Checks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory timing wheel: entries (fire time, commit-log position) grouped into slots of
 * {@code precisionMs}. Sparse: only slots that hold entries exist, kept in time order, so a wheel
 * spanning days costs nothing for its empty slots. Holds at most {@code capacity} entries; the
 * reader stops feeding it while it is {@link #isFull}. Derived state: rebuilt from the timer topic
 * after a restart ({@link TimerDelivery}).
 *
 * <p>Not thread-safe: confined to the schedule thread.
 */
final class TimerWheel {

    /** One waiting timer message: when to act on it and where its current copy is. */
    record Entry(long fireAtMs, long logPosition) {}

    private final long precisionMs;
    private final int capacity;
    private final TreeMap<Long, List<Entry>> slots = new TreeMap<>();
    private int size;

    TimerWheel(long precisionMs, int capacity) {
        Checks.argument(precisionMs > 0, "precisionMs must be > 0, was %s", precisionMs);
        this.precisionMs = precisionMs;
        this.capacity = capacity;
    }

    boolean isFull() {
        return size >= capacity;
    }

    int size() {
        return size;
    }

    /** Adds an entry (even when full: callers re-adding taken entries must not lose them). */
    void add(Entry entry) {
        slots.computeIfAbsent(Math.floorDiv(entry.fireAtMs(), precisionMs), slot -> new ArrayList<>())
                .add(entry);
        size++;
    }

    /** Removes and returns up to {@code max} entries whose fire time is at or before {@code nowMs}, earliest slots first. */
    List<Entry> takeDue(long nowMs, int max) {
        List<Entry> due = new ArrayList<>();
        long lastSlot = Math.floorDiv(nowMs, precisionMs);
        Iterator<Map.Entry<Long, List<Entry>>> it =
                slots.headMap(lastSlot, true).entrySet().iterator();
        while (it.hasNext() && due.size() < max) {
            List<Entry> slot = it.next().getValue();
            Iterator<Entry> entries = slot.iterator();
            while (entries.hasNext() && due.size() < max) {
                Entry entry = entries.next();
                if (entry.fireAtMs() <= nowMs) {
                    due.add(entry);
                    entries.remove();
                    size--;
                }
            }
            if (slot.isEmpty()) {
                it.remove();
            }
        }
        return due;
    }

    /**
     * The start of the earliest slot that holds an entry, or {@link Long#MAX_VALUE} when empty:
     * every entry still in the wheel fires at or after it.
     */
    long earliestSlotStartMs() {
        return slots.isEmpty() ? Long.MAX_VALUE : slots.firstKey() * precisionMs;
    }
}
