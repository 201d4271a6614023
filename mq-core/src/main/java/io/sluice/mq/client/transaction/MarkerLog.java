package io.sluice.mq.client.transaction;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.admin.AdminClient;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.admin.QueueRead;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.SendCodec;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The commit and abort markers of half-message fallback transactions (a stock RocketMQ broker,
 * docs/design/exactly-once-primitives.md §5.1), kept in queue 0 of one marker topic on one broker.
 * Queue 0 gives every marker one total order, and the <b>first</b> marker of a transaction in that
 * order is its decision: a commit and an abort racing from two clients, or two commits, are settled
 * by which marker the broker stored first, and every reader (committers, check-back listeners)
 * agrees on it.
 *
 * <p>Marker record: keys = the handle's {@link TransactionHandle#markerKey()} ({@code
 * transactionalId|producerId|txnSeq}), body = ASCII {@code COMMIT|nonce} or {@code ABORT|nonce}
 * (the nonce, a fresh unique id, tells a writer whether the first marker is its own).
 *
 * <p>Memory is bounded: the decisions of the last {@value #MAX_DECISIONS} transactions and the
 * highest decided txnSeq of the last {@value #MAX_SESSIONS} producer sessions; older transactions
 * read as undecided (a check-back answers UNKNOWN, a commit writes a new marker). Thread-safe: one
 * lock, held while the log is read (reads are bounded by {@value #MAX_READS} pulls).
 */
final class MarkerLog {

    /** What a marker decided. */
    enum Decision {
        COMMIT,
        ABORT
    }

    /**
     * A transaction's first marker.
     *
     * @param decision what it decided
     * @param nonce the writer's nonce
     * @param seenAtMs when this reader first read it (client clock)
     */
    record Marker(Decision decision, String nonce, long seenAtMs) {}

    static final int MAX_DECISIONS = 65_536;
    static final int MAX_SESSIONS = 4096;
    private static final int MAX_READS = 4096;
    private static final int READ_BATCH = 256;
    private static final String READER_GROUP = "SLUICE_EO_MARKER_READER";

    private final ClientContext context;
    private final AdminClient admin;
    private final String address;
    private final MessageQueue queue;
    private final Map<String, Marker> decisions = lru(MAX_DECISIONS);
    private final Map<String, Long> sessionMaxSeq = lru(MAX_SESSIONS);
    private long next = -1;

    /** Creates the marker topic (one queue) on the broker at {@code address} if it does not exist. */
    MarkerLog(ClientContext context, String brokerName, String address, String markerTopic) {
        this.context = context;
        this.admin = new AdminClient(context);
        this.address = address;
        this.queue = new MessageQueue(markerTopic, brokerName, 0);
        if (!admin.topicConfigs(address).topics().containsKey(markerTopic)) {
            admin.createTopicAt(address, NewTopic.of(markerTopic, 1));
        }
    }

    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Writes a marker for the transaction {@code markerKey} and reads the log up to it.
     *
     * @return the transaction's decision after the write: this marker's (its nonce is {@code
     *     nonce}), or an earlier one's
     */
    Marker decide(String markerKey, Decision decision, String nonce, long timeoutMs) {
        Message marker = Message.builder(queue.topic())
                .keys(markerKey)
                .body((decision.name() + "|" + nonce).getBytes(StandardCharsets.US_ASCII))
                .build();
        SendCodec.Prepared prepared = SendCodec.prepare(marker, context.ids().next(), Integer.MAX_VALUE, 1 << 20);
        RemotingCommand request =
                SendCodec.single(READER_GROUP, prepared, queue, context.clock().nowMs());
        RemotingCommand response = context.rpc().call(address, request, timeoutMs);
        SendResult written = SendCodec.result(address, queue, prepared.uniqKey(), response);
        long deadline = context.clock().nowMs() + timeoutMs;
        while (true) {
            synchronized (this) {
                catchUp();
                if (next > written.queueOffset()) {
                    return decisions.get(markerKey);
                }
            }
            if (context.clock().nowMs() > deadline) {
                throw new ClientException(
                        "marker " + decision + " of " + markerKey + " at offset " + written.queueOffset() + " of "
                                + queue + " not readable within " + timeoutMs + " ms",
                        null);
            }
            // The broker indexes a stored marker asynchronously; pull again shortly.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** The first marker of the transaction {@code markerKey} after reading the log to its end, or null. */
    synchronized Marker decision(String markerKey) {
        catchUp();
        return decisions.get(markerKey);
    }

    /** The highest txnSeq of {@code transactionalId|producerId} with a marker, or -1. */
    synchronized long highestDecided(String session) {
        return sessionMaxSeq.getOrDefault(session, -1L);
    }

    /** Reads new markers (bounded); the first marker of each transaction wins. */
    private void catchUp() {
        if (next < 0) {
            next = admin.minOffset(queue);
        }
        for (int reads = 0; reads < MAX_READS; reads++) {
            QueueRead read = admin.read(READER_GROUP, queue, next, READ_BATCH);
            for (ReceivedMessage message : read.messages()) {
                record(message);
            }
            long previous = next;
            next = Math.max(next, read.nextOffset());
            if (read.messages().isEmpty() || next >= read.maxOffset() || next == previous) {
                return;
            }
        }
    }

    private void record(ReceivedMessage message) {
        if (message.keys().isEmpty()) {
            return; // not a marker: someone else wrote to the topic
        }
        String key = message.keys().get(0);
        String body = new String(message.body(), StandardCharsets.US_ASCII);
        int bar = body.indexOf('|');
        int keyBar = key.lastIndexOf('|');
        if (bar < 0 || keyBar < 0) {
            return;
        }
        Decision decision;
        long seq;
        try {
            decision = Decision.valueOf(body.substring(0, bar));
            seq = Long.parseLong(key.substring(keyBar + 1));
        } catch (IllegalArgumentException e) {
            return; // a foreign record in the marker topic decides nothing
        }
        decisions.putIfAbsent(
                key,
                new Marker(decision, body.substring(bar + 1), context.clock().nowMs()));
        sessionMaxSeq.merge(key.substring(0, keyBar), seq, Math::max);
    }
}
