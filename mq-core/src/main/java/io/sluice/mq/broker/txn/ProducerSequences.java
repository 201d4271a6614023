package io.sluice.mq.broker.txn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The idempotent producer's dedup table (design note §4): per (producerId, topic, queueId) the
 * current epoch, the last admitted sequence and the answers of the last {@value #REMEMBERED}
 * sends. A send is admitted when its sequence is the last plus one, answered again when its
 * sequence is remembered, and refused otherwise.
 *
 * <p>Each admitted send remembers a lower bound of its log position (the written position read
 * before its append was queued) until its append completes: the checkpoint ({@link
 * #checkpointPosition}) must not pass a record whose answer the table does not hold yet.
 *
 * <p>Thread-safe: a map of entries, each guarded by its own monitor. {@link #admit} runs the
 * append while holding the entry's monitor, so sends of one producer to one queue reach the store
 * in sequence order even when they arrive on different connections.
 */
final class ProducerSequences {

    /** Answers remembered per (producer, queue): a retry of any of the last five sends is answered. */
    static final int REMEMBERED = 5;

    /** The table key. */
    record Key(long producerId, String topic, int queueId) {}

    /**
     * One admitted send: its sequence, its answer (the send response's ext fields) once the append
     * completes, and a lower bound of its log position while it is in flight.
     */
    static final class Ack {
        final long seq;
        final CompletableFuture<Map<String, String>> answer = new CompletableFuture<>();
        final long lowerBound;

        Ack(long seq, long lowerBound) {
            this.seq = seq;
            this.lowerBound = lowerBound;
        }

        boolean inFlight() {
            return !answer.isDone();
        }
    }

    /** What {@link #admit} decided. {@code ack}: the new or the remembered send; {@code expected}: for a refusal. */
    record Decision(Kind kind, Ack ack, long expected, int currentEpoch) {}

    /** The kinds of decision. */
    enum Kind {
        APPENDED,
        DUPLICATE,
        OUT_OF_ORDER,
        OLD_EPOCH
    }

    /** One (producer, queue). Guarded by its own monitor. */
    static final class Entry {
        int epoch;
        long last = -1;
        long lastUsedMs;
        boolean removed;
        final ArrayDeque<Ack> acks = new ArrayDeque<>(REMEMBERED + 1);
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Decides on a send of {@code seq} under {@code epoch}; when it is admitted, calls {@code
     * append} with its new ack while the entry is locked (the append must only queue the write, and
     * must eventually complete or fail the ack through {@link #completed} / {@link #failed}).
     */
    Decision admit(Key key, int epoch, long seq, long lowerBound, long nowMs, Consumer<Ack> append) {
        while (true) {
            Entry entry = entries.computeIfAbsent(key, k -> new Entry());
            synchronized (entry) {
                if (entry.removed) {
                    continue; // expired concurrently: take the fresh one
                }
                if (epoch < entry.epoch) {
                    return new Decision(Kind.OLD_EPOCH, null, 0, entry.epoch);
                }
                if (epoch > entry.epoch) { // a new epoch of the producer starts its sequences again
                    entry.epoch = epoch;
                    entry.last = -1;
                    entry.acks.clear();
                }
                for (Ack ack : entry.acks) {
                    if (ack.seq == seq) {
                        entry.lastUsedMs = nowMs;
                        return new Decision(Kind.DUPLICATE, ack, 0, epoch);
                    }
                }
                if (seq != entry.last + 1) {
                    return new Decision(Kind.OUT_OF_ORDER, null, entry.last + 1, epoch);
                }
                Ack ack = new Ack(seq, lowerBound);
                entry.acks.addLast(ack);
                if (entry.acks.size() > REMEMBERED) {
                    entry.acks.removeFirst();
                }
                entry.last = seq;
                entry.lastUsedMs = nowMs;
                append.accept(ack);
                return new Decision(Kind.APPENDED, ack, 0, epoch);
            }
        }
    }

    /** The append of {@code ack} completed with {@code answer}. */
    void completed(Ack ack, Map<String, String> answer) {
        ack.answer.complete(Map.copyOf(answer));
    }

    /**
     * The append of {@code ack} failed: nothing was written, so the sequence is free again if no
     * later send was admitted meanwhile (otherwise the producer sees 5100 on its retry and must
     * start a new session, as a Kafka producer bumps its epoch).
     */
    void failed(Key key, Ack ack, Throwable error) {
        Entry entry = entries.get(key);
        if (entry != null) {
            synchronized (entry) {
                entry.acks.remove(ack);
                if (entry.last == ack.seq) {
                    entry.last = ack.seq - 1;
                }
            }
        }
        ack.answer.completeExceptionally(error);
    }

    /**
     * Replays one stored send (from the checkpoint or the log): remembered unless already known.
     * Single-threaded at start, but locks like the rest.
     */
    void replay(Key key, int epoch, long seq, Map<String, String> answer, long usedMs) {
        Entry entry = entries.computeIfAbsent(key, k -> new Entry());
        synchronized (entry) {
            if (epoch < entry.epoch) {
                return;
            }
            if (epoch > entry.epoch) {
                entry.epoch = epoch;
                entry.last = -1;
                entry.acks.clear();
            }
            entry.lastUsedMs = Math.max(entry.lastUsedMs, usedMs);
            for (Ack known : entry.acks) {
                if (known.seq == seq) {
                    return;
                }
            }
            Ack ack = new Ack(seq, Long.MAX_VALUE);
            ack.answer.complete(Map.copyOf(answer));
            entry.acks.addLast(ack);
            if (entry.acks.size() > REMEMBERED) {
                entry.acks.removeFirst();
            }
            entry.last = Math.max(entry.last, seq);
        }
    }

    /**
     * The log position a checkpoint taken now may resume replay from: below {@code written} (read
     * by the caller before this call) and below every in-flight send, so every record under it has
     * its answer in the table.
     */
    long checkpointPosition(long written) {
        long position = written;
        for (Entry entry : entries.values()) {
            synchronized (entry) {
                for (Ack ack : entry.acks) {
                    if (ack.inFlight()) {
                        position = Math.min(position, ack.lowerBound);
                    }
                }
            }
        }
        return position;
    }

    /** A consistent copy of one entry's completed answers, for the checkpoint. */
    record Snapshot(
            Key key, int epoch, long last, long lastUsedMs, List<Long> seqs, List<Map<String, String>> answers) {}

    /** Copies of every entry (completed answers only; in-flight ones are replayed from the log). */
    List<Snapshot> snapshot() {
        List<Snapshot> copies = new ArrayList<>(entries.size());
        entries.forEach((key, entry) -> {
            synchronized (entry) {
                List<Long> seqs = new ArrayList<>();
                List<Map<String, String>> answers = new ArrayList<>();
                long last = -1;
                for (Ack ack : entry.acks) {
                    if (!ack.inFlight() && !ack.answer.isCompletedExceptionally()) {
                        seqs.add(ack.seq);
                        answers.add(ack.answer.join());
                        last = Math.max(last, ack.seq);
                    }
                }
                if (!seqs.isEmpty()) {
                    copies.add(new Snapshot(key, entry.epoch, last, entry.lastUsedMs, seqs, answers));
                }
            }
        });
        return copies;
    }

    /** Drops producers idle since before {@code idleBeforeMs} with nothing in flight; returns how many. */
    int expire(long idleBeforeMs) {
        int dropped = 0;
        Iterator<Map.Entry<Key, Entry>> all = entries.entrySet().iterator();
        while (all.hasNext()) {
            Entry entry = all.next().getValue();
            synchronized (entry) {
                boolean busy = entry.acks.stream().anyMatch(Ack::inFlight);
                if (!busy && entry.lastUsedMs < idleBeforeMs) {
                    entry.removed = true;
                    all.remove();
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /** How many (producer, queue) entries are kept. */
    int size() {
        return entries.size();
    }
}
