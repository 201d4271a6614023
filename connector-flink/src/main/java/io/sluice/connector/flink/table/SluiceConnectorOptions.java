package io.sluice.connector.flink.table;

import static org.apache.flink.configuration.description.TextElement.text;

import io.sluice.connector.flink.sink.IdempotentSends;
import io.sluice.connector.flink.sink.SluiceSinkBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Every {@code WITH} option of {@code 'connector' = 'sluice'} tables. Three groups, so the sink can
 * join the same factory without renaming anything (docs/design/flink-table.md):
 *
 * <ul>
 *   <li>shared (source and sink): {@code nameserver-address}, {@code topic}, {@code request-timeout},
 *       {@code format};
 *   <li>source only: {@code topic-pattern} and every {@code scan.*} key;
 *   <li>sink only: every {@code sink.*} key.
 * </ul>
 *
 * <p>Each option mirrors one setting of {@link io.sluice.connector.flink.source.SluiceSourceBuilder}
 * or {@link SluiceSinkBuilder}; defaults equal the builder's. Constants only.
 */
@PublicEvolving
public final class SluiceConnectorOptions {

    private SluiceConnectorOptions() {}

    // ------------------------------------------------------------------ shared

    public static final ConfigOption<String> NAMESERVER_ADDRESS = ConfigOptions.key("nameserver-address")
            .stringType()
            .noDefaultValue()
            .withDescription("Nameserver list, host:port separated by ';'.");

    public static final ConfigOption<List<String>> TOPIC = ConfigOptions.key("topic")
            .stringType()
            .asList()
            .noDefaultValue()
            .withDescription("Topics to read, separated by ';' (exactly one of 'topic' and 'topic-pattern'); the"
                    + " sink writes one topic, named here.");

    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOptions.key("request-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("Timeout of one broker request.");

    /** The body format ({@code json}, {@code raw}, {@code avro} or any Flink deserialization format). */
    public static final ConfigOption<String> FORMAT = FactoryUtil.FORMAT;

    // ------------------------------------------------------------------ source

    public static final ConfigOption<String> TOPIC_PATTERN = ConfigOptions.key("topic-pattern")
            .stringType()
            .noDefaultValue()
            .withDescription("Regular expression over topic names (whole name); topics created later are"
                    + " read too. Internal %RETRY%/%DLQ%/system topics never match.");

    public static final ConfigOption<String> SCAN_CONSUMER_GROUP = ConfigOptions.key("scan.consumer-group")
            .stringType()
            .noDefaultValue()
            .withDescription("Consumer group: 'group-offsets' start reads it; offsets are committed to it"
                    + " when a checkpoint completes. Required to read.");

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode")
            .enumType(StartupMode.class)
            .defaultValue(StartupMode.EARLIEST_OFFSET)
            .withDescription("Where queues without checkpointed state start.");

    public static final ConfigOption<StartupMode> SCAN_STARTUP_FALLBACK_MODE = ConfigOptions.key(
                    "scan.startup.fallback-mode")
            .enumType(StartupMode.class)
            .defaultValue(StartupMode.EARLIEST_OFFSET)
            .withDescription("For 'group-offsets' and 'specific-offsets': where queues without a"
                    + " committed / listed offset start (earliest-offset, latest-offset or timestamp).");

    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP_MILLIS = ConfigOptions.key(
                    "scan.startup.timestamp-millis")
            .longType()
            .noDefaultValue()
            .withDescription("Start time (epoch ms) for the 'timestamp' start or fallback mode.");

    public static final ConfigOption<String> SCAN_STARTUP_SPECIFIC_OFFSETS = ConfigOptions.key(
                    "scan.startup.specific-offsets")
            .stringType()
            .noDefaultValue()
            .withDescription("For 'specific-offsets': 'broker/queueId:offset' (one topic) or"
                    + " 'topic@broker/queueId:offset' entries separated by ';'.");

    public static final ConfigOption<BoundedMode> SCAN_BOUNDED_MODE = ConfigOptions.key("scan.bounded.mode")
            .enumType(BoundedMode.class)
            .defaultValue(BoundedMode.UNBOUNDED)
            .withDescription("Whether and where the read ends.");

    public static final ConfigOption<Long> SCAN_BOUNDED_TIMESTAMP_MILLIS = ConfigOptions.key(
                    "scan.bounded.timestamp-millis")
            .longType()
            .noDefaultValue()
            .withDescription("For the 'timestamp' bounded mode: messages stored before it (epoch ms).");

    public static final ConfigOption<String> SCAN_BOUNDED_SPECIFIC_OFFSETS = ConfigOptions.key(
                    "scan.bounded.specific-offsets")
            .stringType()
            .noDefaultValue()
            .withDescription("For the 'specific-offsets' bounded mode: first offset not read per queue, same"
                    + " syntax as 'scan.startup.specific-offsets'; unlisted queues stop at their end at start.");

    public static final ConfigOption<String> SCAN_FILTER_TAG = ConfigOptions.key("scan.filter.tag")
            .stringType()
            .noDefaultValue()
            .withDescription("Tag expression: '*' or tags joined by '||'. Not with 'scan.filter.sql'.");

    public static final ConfigOption<String> SCAN_FILTER_SQL = ConfigOptions.key("scan.filter.sql")
            .stringType()
            .noDefaultValue()
            .withDescription("SQL92 condition over message properties and TAGS, evaluated by the broker.");

    public static final ConfigOption<Duration> SCAN_DISCOVERY_INTERVAL = ConfigOptions.key(
                    "scan.topic-discovery.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("How often new queues and topics are looked for (unbounded reads); 0 turns it off.");

    public static final ConfigOption<RemovedQueueMode> SCAN_REMOVED_QUEUE_POLICY = ConfigOptions.key(
                    "scan.removed-queue.policy")
            .enumType(RemovedQueueMode.class)
            .defaultValue(RemovedQueueMode.FINISH)
            .withDescription("What a queue that left the route does to its split.");

    public static final ConfigOption<BadRecordMode> SCAN_BAD_RECORD_POLICY = ConfigOptions.key("scan.bad-record.policy")
            .enumType(BadRecordMode.class)
            .defaultValue(BadRecordMode.FAIL)
            .withDescription("What a message the format cannot decode does.");

    public static final ConfigOption<String> SCAN_DEAD_LETTER_TOPIC = ConfigOptions.key(
                    "scan.bad-record.dead-letter-topic")
            .stringType()
            .noDefaultValue()
            .withDescription("Topic for 'dead-letter' (required with it, refused otherwise).");

    public static final ConfigOption<Double> SCAN_RATE_LIMIT = ConfigOptions.key("scan.rate-limit.records-per-second")
            .doubleType()
            .defaultValue(0.0)
            .withDescription("Records per second over the whole source; 0 for no limit.");

    public static final ConfigOption<Integer> SCAN_FETCH_BATCH_SIZE = ConfigOptions.key("scan.fetch.batch-size")
            .intType()
            .defaultValue(32)
            .withDescription("Most messages per pull, 1 to 1024.");

    public static final ConfigOption<Integer> SCAN_FETCH_MAX_BUFFERED = ConfigOptions.key(
                    "scan.fetch.max-buffered-per-queue")
            .intType()
            .defaultValue(1024)
            .withDescription("Fetched, not yet emitted messages per queue (>= batch size); bounds memory.");

    public static final ConfigOption<Integer> SCAN_FETCH_MAX_RETRIES = ConfigOptions.key("scan.fetch.max-retries")
            .intType()
            .defaultValue(10)
            .withDescription("Failed fetches of one queue in a row before the task fails.");

    public static final ConfigOption<Duration> SCAN_FETCH_RETRY_BACKOFF = ConfigOptions.key("scan.fetch.retry-backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Pause between failed fetches of a queue.");

    public static final ConfigOption<Boolean> SCAN_COMMIT_ON_CHECKPOINT = ConfigOptions.key(
                    "scan.commit-offsets-on-checkpoint")
            .booleanType()
            .defaultValue(true)
            .withDescription("Commit split offsets to the consumer group when a checkpoint completes.");

    public static final ConfigOption<EventTimestampMode> SCAN_EVENT_TIMESTAMP = ConfigOptions.key(
                    "scan.event-timestamp")
            .enumType(EventTimestampMode.class)
            .defaultValue(EventTimestampMode.STORE_TIME)
            .withDescription("Which message time becomes the record timestamp.");

    /** Source parallelism ({@code scan.parallelism}); the planner's default when absent. */
    public static final ConfigOption<Integer> SCAN_PARALLELISM = FactoryUtil.SOURCE_PARALLELISM;

    // ------------------------------------------------------------------ sink

    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE = ConfigOptions.key(
                    "sink.delivery-guarantee")
            .enumType(DeliveryGuarantee.class)
            .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription("none, at-least-once (every send acknowledged before a checkpoint completes) or"
                    + " exactly-once (one Sluice transaction per checkpoint and subtask; needs checkpointing).");

    public static final ConfigOption<String> SINK_TRANSACTIONAL_ID_PREFIX = ConfigOptions.key(
                    "sink.transactional-id-prefix")
            .stringType()
            .noDefaultValue()
            .withDescription("exactly-once: prefix of the transactional ids, 1 to 150 of [A-Za-z0-9_.:], unique"
                    + " per job and stable across its restarts.");

    public static final ConfigOption<Duration> SINK_TRANSACTION_TIMEOUT = ConfigOptions.key("sink.transaction-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(15))
            .withDescription("exactly-once: how long a transaction may stay uncommitted (1 s to 15 min); must"
                    + " exceed the checkpoint interval plus the longest restart.");

    public static final ConfigOption<MemorySize> SINK_MAX_TRANSACTION_BYTES = ConfigOptions.key(
                    "sink.max-transaction-bytes")
            .memoryType()
            .defaultValue(MemorySize.parse("4mb"))
            .withDescription("exactly-once: staged bytes after which a subtask seals its transaction and begins"
                    + " another in the same checkpoint (>= 1kb, below the broker's write buffer).");

    public static final ConfigOption<String> SINK_PRODUCER_GROUP = ConfigOptions.key("sink.producer-group")
            .stringType()
            .defaultValue(SluiceSinkBuilder.DEFAULT_GROUP)
            .withDescription("Producer group reported to the brokers.");

    public static final ConfigOption<Duration> SINK_SEND_TIMEOUT = ConfigOptions.key("sink.send-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(3))
            .withDescription("Timeout of one send attempt.");

    public static final ConfigOption<Integer> SINK_SEND_RETRIES = ConfigOptions.key("sink.send-retries")
            .intType()
            .defaultValue(2)
            .withDescription("Extra attempts after a retriable send failure, 0 to 16 (with idempotent sends a"
                    + " retry keeps order per key).");

    public static final ConfigOption<IdempotentSends> SINK_IDEMPOTENT_SENDS = ConfigOptions.key("sink.idempotent-sends")
            .enumType(IdempotentSends.class)
            .defaultValue(IdempotentSends.AUTO)
            .withDescription("at-least-once: whether the broker deduplicates retried sends (AUTO: when every"
                    + " broker offers it; REQUIRED: fail otherwise; DISABLED: plain sends).");

    public static final ConfigOption<Integer> SINK_MAX_IN_FLIGHT = ConfigOptions.key("sink.max-in-flight-sends")
            .intType()
            .defaultValue(1024)
            .withDescription("Most unacknowledged sends per subtask; bounds memory.");

    public static final ConfigOption<Duration> SINK_FLUSH_TIMEOUT = ConfigOptions.key("sink.flush-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(2))
            .withDescription("Longest wait for acknowledgements at a checkpoint and for a free in-flight slot.");

    public static final ConfigOption<String> SINK_TAG = ConfigOptions.key("sink.tag")
            .stringType()
            .noDefaultValue()
            .withDescription("Tag of every message; a non-null 'tag' metadata column overrides it per row.");

    public static final ConfigOption<List<String>> SINK_KEYS_FIELDS = ConfigOptions.key("sink.keys.fields")
            .stringType()
            .asList()
            .noDefaultValue()
            .withDescription("Physical columns (';'-separated) whose values become the message keys, before"
                    + " those of a 'keys' metadata column.");

    public static final ConfigOption<QueueBy> SINK_QUEUE_BY = ConfigOptions.key("sink.queue-by")
            .enumType(QueueBy.class)
            .defaultValue(QueueBy.ROUND_ROBIN)
            .withDescription("How a row's queue is chosen.");

    public static final ConfigOption<Map<String, String>> SINK_PROPERTIES = ConfigOptions.key("sink.properties")
            .mapType()
            .noDefaultValue()
            .withDescription("User properties of every message, 'name:value,name:value'; a 'properties'"
                    + " metadata column adds to and overrides them per row.");

    public static final ConfigOption<Integer> SINK_DELAY_LEVEL = ConfigOptions.key("sink.delay-level")
            .intType()
            .noDefaultValue()
            .withDescription("Broker delay level of every message (1 = 1 s ... 18 = 2 h); the 'delay_level' and"
                    + " 'deliver_time' metadata columns override it per row.");

    /** Sink parallelism ({@code sink.parallelism}); the planner's default when absent. */
    public static final ConfigOption<Integer> SINK_PARALLELISM = FactoryUtil.SINK_PARALLELISM;

    // ------------------------------------------------------------------ enums (SQL spellings)

    /** {@code scan.startup.mode} values. */
    public enum StartupMode implements DescribedEnum {
        EARLIEST_OFFSET("earliest-offset", "The queue's first readable message."),
        LATEST_OFFSET("latest-offset", "Only messages written after the queue was discovered."),
        GROUP_OFFSETS("group-offsets", "The consumer group's committed offset, else the fallback mode."),
        TIMESTAMP("timestamp", "The first message stored at or after 'scan.startup.timestamp-millis'."),
        SPECIFIC_OFFSETS("specific-offsets", "The listed offsets, else the fallback mode.");

        private final String value;
        private final String description;

        StartupMode(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() { // Flink matches option values against toString(), ignoring case
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** {@code scan.bounded.mode} values. */
    public enum BoundedMode implements DescribedEnum {
        UNBOUNDED("unbounded", "Read on forever."),
        LATEST_OFFSET("latest-offset", "Each queue ends where it was when the job first saw it."),
        TIMESTAMP("timestamp", "Messages stored before 'scan.bounded.timestamp-millis'."),
        SPECIFIC_OFFSETS("specific-offsets", "The listed offsets ('scan.bounded.specific-offsets').");

        private final String value;
        private final String description;

        BoundedMode(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** {@code scan.bad-record.policy} values. */
    public enum BadRecordMode implements DescribedEnum {
        FAIL("fail", "Fail the task, naming topic, queue and offset."),
        SKIP("skip", "Count it and go on."),
        DEAD_LETTER("dead-letter", "Copy it to 'scan.bad-record.dead-letter-topic' with its coordinates.");

        private final String value;
        private final String description;

        BadRecordMode(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** {@code scan.removed-queue.policy} values. */
    public enum RemovedQueueMode implements DescribedEnum {
        FINISH("finish", "The split ends; what was read is kept."),
        KEEP("keep", "The split stays and reads on if the queue comes back."),
        FAIL("fail", "The job fails naming the queues.");

        private final String value;
        private final String description;

        RemovedQueueMode(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** {@code scan.event-timestamp} values. */
    public enum EventTimestampMode implements DescribedEnum {
        STORE_TIME("store-time", "When the broker stored it (non-decreasing per queue)."),
        BORN_TIME("born-time", "When the producer created it.");

        private final String value;
        private final String description;

        EventTimestampMode(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** {@code sink.queue-by} values. */
    public enum QueueBy implements DescribedEnum {
        ROUND_ROBIN("round-robin", "The producer spreads rows over the topic's queues."),
        KEY("key", "The 'sink.keys.fields' values pick the queue, so a key's rows stay in order.");

        private final String value;
        private final String description;

        QueueBy(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }
}
