package io.sluice.connector.flink.sink;

import io.sluice.connector.flink.sink.internal.ProducerSettings;
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
    private int maxInFlightSends = 1024;
    private Duration flushTimeout = Duration.ofMinutes(2);

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

    /** NONE or AT_LEAST_ONCE (the default). EXACTLY_ONCE is refused in this build, see {@link #build}. */
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
     * The sink.
     *
     * @throws IllegalStateException naming the missing or bad setting
     * @throws UnsupportedOperationException for EXACTLY_ONCE, which this build does not offer
     */
    public SluiceSink<IN> build() {
        sanityCheck();
        ProducerSettings producer =
                new ProducerSettings(namesrvAddress, producerGroup, requestTimeout, sendTimeout, sendRetries);
        return new SluiceSink<>(new WriterSettings(producer, guarantee, maxInFlightSends, flushTimeout), serializer);
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
            throw new UnsupportedOperationException("EXACTLY_ONCE needs the broker's transactional batches"
                    + " (issue 5), which this build does not have yet; the Sluice sink offers NONE and"
                    + " AT_LEAST_ONCE here (issue 7)");
        }
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
