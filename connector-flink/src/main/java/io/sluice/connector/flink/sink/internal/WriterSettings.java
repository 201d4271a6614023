package io.sluice.connector.flink.sink.internal;

import io.sluice.connector.flink.sink.IdempotentSends;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * A writer's settings besides the serializer. Immutable.
 *
 * @param producer how to reach the cluster
 * @param guarantee NONE or AT_LEAST_ONCE for {@link SluiceWriter}, EXACTLY_ONCE for {@link
 *     TransactionalWriter}
 * @param maxInFlightSends most unacknowledged sends per subtask (bounds memory)
 * @param flushTimeout longest wait for acknowledgements at a checkpoint, and for a free in-flight slot
 * @param transactions the EXACTLY_ONCE settings, {@code null} for the other guarantees
 * @param idempotentSends whether AT_LEAST_ONCE sends are deduplicated by the broker
 */
@Internal
public record WriterSettings(
        ProducerSettings producer,
        DeliveryGuarantee guarantee,
        int maxInFlightSends,
        Duration flushTimeout,
        TransactionSettings transactions,
        IdempotentSends idempotentSends)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public WriterSettings {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(flushTimeout, "flushTimeout");
        Objects.requireNonNull(idempotentSends, "idempotentSends");
        if ((guarantee == DeliveryGuarantee.EXACTLY_ONCE) != (transactions != null)) {
            throw new IllegalArgumentException("transaction settings go with EXACTLY_ONCE and only with it");
        }
    }
}
