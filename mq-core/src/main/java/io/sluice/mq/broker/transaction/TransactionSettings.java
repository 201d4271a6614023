package io.sluice.mq.broker.transaction;

import io.sluice.mq.common.Checks;
import java.time.Duration;

/**
 * Settings of the transaction check-back, RocketMQ's broker keys. Immutable.
 *
 * @param timeout {@code transactionTimeOut}: a half message unresolved this long after it was stored
 *     is checked with its producer (a message's {@code CHECK_IMMUNITY_TIME_IN_SECONDS} overrides it)
 * @param checkMax {@code transactionCheckMax}: after this many checks an unresolved half message is
 *     dropped (rolled back and parked in {@value TransactionTopics#CHECK_MAX_TOPIC})
 * @param checkInterval {@code transactionCheckInterval}: period of the check scan
 * @param producerIdExpiry {@code producerIdExpiry} (Sluice): idempotent producers idle this long
 *     are forgotten (their retries are then refused 5100)
 * @param extensionsEnabled {@code sluiceExtensionsEnabled} (Sluice): false makes the broker answer
 *     the private codes 5000-5003 with REQUEST_CODE_NOT_SUPPORTED like a stock RocketMQ broker, so
 *     clients use the half-message fallback (docs/design/exactly-once-primitives.md §5.1)
 */
public record TransactionSettings(
        Duration timeout, int checkMax, Duration checkInterval, Duration producerIdExpiry, boolean extensionsEnabled) {

    /** Default {@code producerIdExpiry}: 7 days, the default of Kafka's transactional id expiration. */
    public static final Duration DEFAULT_PRODUCER_ID_EXPIRY = Duration.ofDays(7);

    public TransactionSettings(Duration timeout, int checkMax, Duration checkInterval) {
        this(timeout, checkMax, checkInterval, DEFAULT_PRODUCER_ID_EXPIRY);
    }

    public TransactionSettings(Duration timeout, int checkMax, Duration checkInterval, Duration producerIdExpiry) {
        this(timeout, checkMax, checkInterval, producerIdExpiry, true);
    }

    public TransactionSettings {
        Checks.argument(timeout != null && !timeout.isNegative(), "transactionTimeOut must be >= 0");
        Checks.argument(
                checkMax >= 1 && checkMax <= 1000, "transactionCheckMax must be in [1, 1000], was %s", checkMax);
        Checks.argument(
                checkInterval != null && !checkInterval.isNegative() && !checkInterval.isZero(),
                "transactionCheckInterval must be > 0");
        Checks.argument(
                producerIdExpiry != null && !producerIdExpiry.isNegative() && !producerIdExpiry.isZero(),
                "producerIdExpiry must be > 0 ms, was %s",
                producerIdExpiry == null ? null : producerIdExpiry.toMillis());
    }

    /** These settings with {@code producerIdExpiry} replaced. */
    public TransactionSettings withProducerIdExpiry(Duration value) {
        return new TransactionSettings(timeout, checkMax, checkInterval, value, extensionsEnabled);
    }

    /** These settings with {@code sluiceExtensionsEnabled} replaced. */
    public TransactionSettings withExtensionsEnabled(boolean value) {
        return new TransactionSettings(timeout, checkMax, checkInterval, producerIdExpiry, value);
    }

    /** RocketMQ 4.9's defaults: 6 s, 15 checks, a scan every 60 s; producer ids kept 7 days. */
    public static TransactionSettings defaults() {
        return new TransactionSettings(Duration.ofSeconds(6), 15, Duration.ofSeconds(60), DEFAULT_PRODUCER_ID_EXPIRY);
    }
}
