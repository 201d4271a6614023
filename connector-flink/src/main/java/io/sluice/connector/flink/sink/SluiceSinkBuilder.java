package io.sluice.connector.flink.sink;

import io.sluice.connector.flink.sink.internal.ProducerSettings;
import io.sluice.connector.flink.sink.internal.TransactionSettings;
import io.sluice.connector.flink.sink.internal.WriterSettings;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Configures a {@link SluiceSink}. Required: {@link #setNameServerAddress} and {@link
 * #setRecordSerializer}. Defaults: AT_LEAST_ONCE, producer group {@value #DEFAULT_GROUP}, 3 s per
 * send attempt with 2 retries, 1024 sends in flight per subtask, 2 min flush timeout.
 *
 * <p>Order per key: records with a queue key go to one queue and are sent in element order on one
 * connection, which the broker appends in order. A retried send can land after a later one; set
 * {@link #setSendRetries} to 0 for strict order, so a failed send fails the job and the restart
 * replays from the last checkpoint in order.
 *
 * <p>EXACTLY_ONCE also needs {@link #setTransactionalIdPrefix} and {@link #setTransactionTopic}, a
 * Sluice broker (a stock RocketMQ broker has no transactional batches) and checkpointing: records
 * become visible when the checkpoint after them completes.
 *
 * <p>Not thread-safe; build once on the client.
 *
 * @param <IN> the element type
 */
@PublicEvolving
public final class SluiceSinkBuilder<IN> {

    /** The producer group used when none is set. */
    public static final String DEFAULT_GROUP = "sluice-flink-sink";

    private String namesrvAddress;
    private SluiceRecordSerializer<IN> serializer;
    private DeliveryGuarantee guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
    private String producerGroup = DEFAULT_GROUP;
    private Duration requestTimeout = Duration.ofSeconds(3);
    private Duration sendTimeout = Duration.ofSeconds(3);
    private int sendRetries = 2;
    private IdempotentSends idempotentSends = IdempotentSends.AUTO;
    private int maxInFlightSends = 1024;
    private Duration flushTimeout = Duration.ofMinutes(2);
    private String transactionalIdPrefix;
    private String transactionTopic;
    private Duration transactionTimeout = Duration.ofMinutes(15);
    private long maxTransactionBytes = 4L * 1024 * 1024;

    SluiceSinkBuilder() {}

    /** "ip:port" of the nameserver; several separated by {@code ;}. */
    public SluiceSinkBuilder<IN> setNameServerAddress(String address) {
        this.namesrvAddress = Objects.requireNonNull(address, "address");
        return this;
    }

    /** How each element becomes a routed message. */
    public SluiceSinkBuilder<IN> setRecordSerializer(SluiceRecordSerializer<IN> serializer) {
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        return this;
    }

    /** NONE, AT_LEAST_ONCE (the default) or EXACTLY_ONCE (see {@link #setTransactionalIdPrefix}). */
    public SluiceSinkBuilder<IN> setDeliveryGuarantee(DeliveryGuarantee guarantee) {
        this.guarantee = Objects.requireNonNull(guarantee, "guarantee");
        return this;
    }

    /** The producer group reported to the brokers. */
    public SluiceSinkBuilder<IN> setProducerGroup(String group) {
        this.producerGroup = Objects.requireNonNull(group, "group");
        return this;
    }

    /** Timeout of each send attempt. */
    public SluiceSinkBuilder<IN> setSendTimeout(Duration timeout) {
        this.sendTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** Timeout of route lookups and other client requests. */
    public SluiceSinkBuilder<IN> setRequestTimeout(Duration timeout) {
        this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** Extra attempts after a retriable send failure, 0 to 16. */
    public SluiceSinkBuilder<IN> setSendRetries(int retries) {
        this.sendRetries = retries;
        return this;
    }

    /** Most unacknowledged sends per subtask; a write waits (bounded by the flush timeout) above it. */
    /**
     * Whether AT_LEAST_ONCE sends are deduplicated by the broker, so a retried send is stored once
     * (default {@link IdempotentSends#AUTO}: when every broker offers it).
     */
    public SluiceSinkBuilder<IN> setIdempotentSends(IdempotentSends mode) {
        this.idempotentSends = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    public SluiceSinkBuilder<IN> setMaxInFlightSends(int max) {
        this.maxInFlightSends = max;
        return this;
    }

    /** Longest wait for acknowledgements at a checkpoint, and for a free in-flight slot. */
    public SluiceSinkBuilder<IN> setFlushTimeout(Duration timeout) {
        this.flushTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * EXACTLY_ONCE: the prefix of the sink's transactional ids ({@code <prefix>-<subtask>-0}), 1 to
     * 150 characters of {@code [A-Za-z0-9_.:]}. It must be unique per job writing to the cluster
     * and stay the same across restarts of the job: a restart's writers find, fence and abort the
     * previous run's transactions by it. No '-', so one job's prefix never reads as another's
     * prefix plus a subtask (a listing by {@code "a-"} would otherwise also find job {@code "a-1"}).
     */
    public SluiceSinkBuilder<IN> setTransactionalIdPrefix(String prefix) {
        this.transactionalIdPrefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /**
     * EXACTLY_ONCE: the topic whose broker holds the sink's transactions (usually the topic the
     * sink writes). A transaction lives on one broker, so records may go to other topics only if
     * those have queues on that broker; a record for a topic without one fails the job naming both.
     */
    public SluiceSinkBuilder<IN> setTransactionTopic(String topic) {
        this.transactionTopic = Objects.requireNonNull(topic, "topic");
        return this;
    }

    /**
     * EXACTLY_ONCE: how long a transaction may stay uncommitted before the broker aborts it, 1 s to
     * 15 min (the default, the broker's maximum). It must exceed the checkpoint interval plus the
     * longest restart, or a completed checkpoint's commit fails and the job with it.
     */
    public SluiceSinkBuilder<IN> setTransactionTimeout(Duration timeout) {
        this.transactionTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * EXACTLY_ONCE: estimated staged bytes after which a subtask seals its transaction and begins
     * another within the same checkpoint (both commit when the checkpoint completes). The broker
     * refuses a transaction above its {@code writeBufferBytes} - 64 KiB (8 MiB by default), so keep
     * this below that; default 4 MiB, at least 1 KiB.
     */
    public SluiceSinkBuilder<IN> setMaxTransactionBytes(long bytes) {
        this.maxTransactionBytes = bytes;
        return this;
    }

    /**
     * The sink.
     *
     * @throws IllegalStateException naming the missing or bad setting
     */
    public SluiceSink<IN> build() {
        sanityCheck();
        ProducerSettings producer =
                new ProducerSettings(namesrvAddress, producerGroup, requestTimeout, sendTimeout, sendRetries);
        TransactionSettings transactions = guarantee == DeliveryGuarantee.EXACTLY_ONCE
                ? new TransactionSettings(
                        transactionalIdPrefix, transactionTopic, transactionTimeout, maxTransactionBytes)
                : null;
        return new SluiceSink<>(
                new WriterSettings(producer, guarantee, maxInFlightSends, flushTimeout, transactions, idempotentSends),
                serializer);
    }

    private void sanityCheck() {
        check(namesrvAddress != null && !namesrvAddress.isBlank(), "the nameserver address is required");
        check(serializer != null, "a record serializer is required");
        check(!producerGroup.isBlank(), "the producer group must not be blank");
        check(sendRetries >= 0 && sendRetries <= 16, "sendRetries must be in [0, 16], was " + sendRetries);
        check(maxInFlightSends >= 1, "maxInFlightSends must be >= 1, was " + maxInFlightSends);
        check(positive(sendTimeout), "sendTimeout must be > 0, was " + sendTimeout);
        check(positive(requestTimeout), "requestTimeout must be > 0, was " + requestTimeout);
        check(positive(flushTimeout), "flushTimeout must be > 0, was " + flushTimeout);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            exactlyOnceCheck();
        }
    }

    private void exactlyOnceCheck() {
        check(
                transactionalIdPrefix != null,
                "EXACTLY_ONCE needs a transactional id prefix (setTransactionalIdPrefix), unique per job");
        check(
                transactionalIdPrefix.matches("[A-Za-z0-9_.:]{1,150}"),
                "the transactional id prefix must be 1 to 150 characters of [A-Za-z0-9_.:], was '"
                        + transactionalIdPrefix + "'");
        check(
                transactionTopic != null && !transactionTopic.isBlank(),
                "EXACTLY_ONCE needs the topic whose broker holds the transactions (setTransactionTopic)");
        check(
                transactionTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                        && transactionTimeout.compareTo(Duration.ofMinutes(15)) <= 0,
                "transactionTimeout must be in [1 s, 15 min], was " + transactionTimeout);
        check(maxTransactionBytes >= 1024, "maxTransactionBytes must be >= 1024, was " + maxTransactionBytes);
    }

    private static boolean positive(Duration value) {
        return !value.isNegative() && !value.isZero();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
