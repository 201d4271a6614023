package io.sluice.mq.client.transaction;

import io.sluice.mq.common.Checks;
import java.io.Serializable;

/**
 * Names one exactly-once transaction on one broker: what a checkpoint stores between {@link
 * ExactlyOnceProducer#prepareCommit()} and {@link io.sluice.mq.client.MqClient#commit}. Any client
 * holding it can commit or abort it (the Flink committer after a restore, the Spark driver), and a
 * repeated commit is answered {@link TransactionOutcome#ALREADY_COMMITTED}. Serializable (a few
 * dozen bytes), also as a string ({@link #encode()} / {@link #parse}). Immutable.
 *
 * @param transactionalId the producer's stable name (e.g. {@code sink-3-slot-0})
 * @param producerId the id the broker gave that name
 * @param epoch the producer session that wrote the transaction
 * @param txnSeq the transaction's number within the session
 * @param brokerName the broker that holds it
 * @param topic a topic the broker serves, to find its address from a fresh client
 * @param stagedCount how many messages were acknowledged as staged; the broker checks it at commit
 * @param halfMessages null for a Sluice-native transaction; for the half-message fallback against
 *     a stock RocketMQ broker (docs/design/exactly-once-primitives.md §5.1) the producer group, the
 *     marker topic and the id of every half message, which is what a commit or abort needs
 */
public record TransactionHandle(
        String transactionalId,
        long producerId,
        int epoch,
        long txnSeq,
        String brokerName,
        String topic,
        int stagedCount,
        HalfMessageIds halfMessages)
        implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String VERSION = "v1";
    private static final String HALF_VERSION = "h1";

    public TransactionHandle {
        Checks.argument(transactionalId != null && !transactionalId.isEmpty(), "transactionalId must not be empty");
        Checks.argument(brokerName != null && !brokerName.isEmpty(), "brokerName must not be empty");
        Checks.argument(topic != null && !topic.isEmpty(), "topic must not be empty");
        Checks.argument(stagedCount >= 0, "stagedCount must be >= 0, was %s", stagedCount);
        Checks.argument(!brokerName.contains("|") && !topic.contains("|"), "brokerName and topic must not contain '|'");
        Checks.argument(
                halfMessages == null || halfMessages.ids().size() == stagedCount,
                "stagedCount %s must equal the number of half messages",
                stagedCount);
    }

    /** A Sluice-native handle (no half messages). */
    public TransactionHandle(
            String transactionalId,
            long producerId,
            int epoch,
            long txnSeq,
            String brokerName,
            String topic,
            int stagedCount) {
        this(transactionalId, producerId, epoch, txnSeq, brokerName, topic, stagedCount, null);
    }

    /** True for a transaction of the half-message fallback (a stock RocketMQ broker). */
    public boolean isHalfMessageFallback() {
        return halfMessages != null;
    }

    /** The key of this transaction in the fallback's marker topic: {@code transactionalId|producerId|txnSeq}. */
    public String markerKey() {
        return transactionalId + "|" + producerId + "|" + txnSeq;
    }

    /**
     * {@code v1|transactionalId|producerId|epoch|txnSeq|brokerName|topic|stagedCount} for a native
     * handle; a fallback handle starts with {@code h1} instead and appends {@code
     * |producerGroup|markerTopic|halves} ({@link HalfMessageIds#encodeIds()}).
     */
    public String encode() {
        String common = String.join(
                "|",
                transactionalId,
                Long.toString(producerId),
                Integer.toString(epoch),
                Long.toString(txnSeq),
                brokerName,
                topic,
                Integer.toString(stagedCount));
        if (halfMessages == null) {
            return VERSION + "|" + common;
        }
        return String.join(
                "|",
                HALF_VERSION,
                common,
                halfMessages.producerGroup(),
                halfMessages.markerTopic(),
                halfMessages.encodeIds());
    }

    /** Parses {@link #encode()}'s form; throws naming the text when it is malformed. */
    public static TransactionHandle parse(String text) {
        String[] parts = text.split("\\|", -1);
        boolean half = parts.length == 11 && parts[0].equals(HALF_VERSION);
        if (!half && (parts.length != 8 || !parts[0].equals(VERSION))) {
            throw new IllegalArgumentException("not a v1 or h1 transaction handle: '" + text + "'");
        }
        try {
            return new TransactionHandle(
                    parts[1],
                    Long.parseLong(parts[2]),
                    Integer.parseInt(parts[3]),
                    Long.parseLong(parts[4]),
                    parts[5],
                    parts[6],
                    Integer.parseInt(parts[7]),
                    half ? new HalfMessageIds(parts[8], parts[9], HalfMessageIds.parseIds(parts[10])) : null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed number in transaction handle '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return encode();
    }
}
