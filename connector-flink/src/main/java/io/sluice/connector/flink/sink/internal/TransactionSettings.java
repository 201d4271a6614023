package io.sluice.connector.flink.sink.internal;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * The EXACTLY_ONCE settings of a sink. Immutable.
 *
 * <p>A subtask's transactional id is {@code <prefix>-<subtask>-0}: a restarted subtask reuses it,
 * and its INIT fences the writer of the previous attempt (a zombie) and aborts its unsealed
 * transaction. One id per subtask is enough because one producer session can hold any number of
 * sealed transactions awaiting commit while it writes the next one (unlike a Kafka producer, which
 * has one transaction at a time and so needs a pool); the trailing slot keeps the id form open for
 * a pool. Several ids could also map to different brokers and split a queue key's records over two
 * queues.
 *
 * @param prefix the job's transactional id prefix; unique per job writing to the cluster
 * @param topic the topic whose broker holds the transactions (a transaction lives on one broker)
 * @param timeout how long a transaction may stay open or sealed before the broker aborts it
 * @param maxTransactionBytes estimated staged bytes after which the writer seals a transaction and
 *     begins the next (the broker limits one transaction to its write buffer - 64 KiB)
 */
@Internal
public record TransactionSettings(String prefix, String topic, Duration timeout, long maxTransactionBytes)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public TransactionSettings {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timeout, "timeout");
        if (maxTransactionBytes < 1) {
            throw new IllegalArgumentException("maxTransactionBytes must be >= 1, was " + maxTransactionBytes);
        }
    }

    /** The transactional id of {@code subtask}. */
    public String transactionalId(int subtask) {
        return subtaskPrefix(subtask) + "0";
    }

    /** The prefix every transactional id of {@code subtask} starts with (ends in '-', so 1 never matches 10). */
    public String subtaskPrefix(int subtask) {
        return prefix + "-" + subtask + "-";
    }

    /**
     * The subtask a transactional id of this prefix belongs to, or -1 when the id is not of the
     * form {@code <prefix>-<subtask>-<slot>}.
     */
    public int subtaskOf(String transactionalId) {
        String head = prefix + "-";
        if (!transactionalId.startsWith(head)) {
            return -1;
        }
        String rest = transactionalId.substring(head.length());
        int dash = rest.indexOf('-');
        if (dash <= 0) {
            return -1;
        }
        try {
            return Integer.parseInt(rest.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1; // another job's prefix that merely starts with ours, e.g. "<prefix>-x-0"
        }
    }
}
