package io.sluice.connector.flink.sink;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Whether an AT_LEAST_ONCE sink's sends carry a producer id and per-queue sequence, so the broker
 * drops the duplicate a retried send would otherwise append (the answer to an attempt was lost, the
 * message was stored). EXACTLY_ONCE always deduplicates (its staged sends are sequenced); NONE never
 * does. Retries that stay duplicate-free also keep their order within a queue.
 */
@PublicEvolving
public enum IdempotentSends {
    /**
     * Idempotent when every broker of the cluster offers it (Sluice does); otherwise, against a
     * stock RocketMQ broker, plain sends and one warning: retries may then duplicate.
     */
    AUTO,
    /** Idempotent, or the writer fails on start naming the broker that cannot deduplicate. */
    REQUIRED,
    /** Plain RocketMQ sends: a retried send may be stored twice. */
    DISABLED
}
