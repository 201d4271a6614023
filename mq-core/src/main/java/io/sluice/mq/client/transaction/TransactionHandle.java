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
 */
public record TransactionHandle(
        String transactionalId,
        long producerId,
        int epoch,
        long txnSeq,
        String brokerName,
        String topic,
        int stagedCount)
        implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String VERSION = "v1";

    public TransactionHandle {
        Checks.argument(transactionalId != null && !transactionalId.isEmpty(), "transactionalId must not be empty");
        Checks.argument(brokerName != null && !brokerName.isEmpty(), "brokerName must not be empty");
        Checks.argument(topic != null && !topic.isEmpty(), "topic must not be empty");
        Checks.argument(stagedCount >= 0, "stagedCount must be >= 0, was %s", stagedCount);
        Checks.argument(!brokerName.contains("|") && !topic.contains("|"), "brokerName and topic must not contain '|'");
    }

    /** {@code v1|transactionalId|producerId|epoch|txnSeq|brokerName|topic|stagedCount}. */
    public String encode() {
        return String.join(
                "|",
                VERSION,
                transactionalId,
                Long.toString(producerId),
                Integer.toString(epoch),
                Long.toString(txnSeq),
                brokerName,
                topic,
                Integer.toString(stagedCount));
    }

    /** Parses {@link #encode()}'s form; throws naming the text when it is malformed. */
    public static TransactionHandle parse(String text) {
        String[] parts = text.split("\\|", -1);
        if (parts.length != 8 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("not a v1 transaction handle: '" + text + "'");
        }
        try {
            return new TransactionHandle(
                    parts[1],
                    Long.parseLong(parts[2]),
                    Integer.parseInt(parts[3]),
                    Long.parseLong(parts[4]),
                    parts[5],
                    parts[6],
                    Integer.parseInt(parts[7]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed number in transaction handle '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return encode();
    }
}
