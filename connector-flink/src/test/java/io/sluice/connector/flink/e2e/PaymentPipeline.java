package io.sluice.connector.flink.e2e;

import io.sluice.connector.flink.sink.SluiceAvro;
import io.sluice.connector.flink.sink.SluiceRecordSerializer;
import io.sluice.connector.flink.sink.SluiceSink;
import io.sluice.connector.flink.source.SluiceSource;
import io.sluice.connector.flink.source.SluiceSourceBuilder;
import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.connector.flink.source.reader.deserializer.AvroDeserializationSchema;
import io.sluice.mq.client.serde.Deserializer;
import io.sluice.serde.avro.AvroDeserializer;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.CompatibilityPolicy;
import io.sluice.serde.avro.registry.DirectorySchemaRegistry;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The end-to-end job: {@code SluiceSource} (Avro through serde-avro, bounded at the input's end at
 * start) → {@link FailingEnricher} → {@code SluiceSink} EXACTLY_ONCE, Avro (reflection of {@link
 * Payment}), each payment routed to the output queue of its key. No {@code keyBy}: a key's
 * payments are in one input queue, a queue is one split read by one subtask, and source, transform
 * and sink are chained, so a key's payments pass one sink subtask in input order.
 *
 * <p>Everything the job needs travels as plain values (addresses, topic names, a registry
 * directory), so restarts and restores rebuild the same graph. Mutable settings, not thread-safe;
 * used by the test thread.
 */
final class PaymentPipeline {

    static final int PARALLELISM = 2;

    private final String namesrv;
    private final String input;
    private final String output;
    private final String registryDir;
    private String group = "e2e-payments";
    private String transactionalIdPrefix = "e2e_payments";
    private FailurePlan plan = FailurePlan.none();
    private FailureLog log;
    private double recordsPerSecond;
    private String deadLetterTopic;

    PaymentPipeline(String namesrv, String input, String output, Path registryDir) {
        this.namesrv = namesrv;
        this.input = input;
        this.output = output;
        this.registryDir = registryDir.toString();
    }

    /** The registry directory both ends use; every subject is in NONE compatibility mode. */
    static SerializableSupplier<SchemaRegistry> registry(String dir) {
        return () -> DirectorySchemaRegistry.open(Path.of(dir), CompatibilityPolicy.of(CompatibilityMode.NONE));
    }

    PaymentPipeline names(String consumerGroup, String prefix) {
        this.group = consumerGroup;
        this.transactionalIdPrefix = prefix;
        return this;
    }

    PaymentPipeline failures(FailurePlan failurePlan, FailureLog failureLog) {
        this.plan = failurePlan;
        this.log = failureLog;
        return this;
    }

    /** Throttles the source (records/s over all subtasks); 0 for no limit. */
    PaymentPipeline throttle(double perSecond) {
        this.recordsPerSecond = perSecond;
        return this;
    }

    /** Bad input goes to {@code topic} instead of failing the job. */
    PaymentPipeline deadLetterTo(String topic) {
        this.deadLetterTopic = topic;
        return this;
    }

    String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    /**
     * An environment with checkpoints every 300 ms and a fixed-delay restart strategy of {@code
     * restarts} attempts, restoring from {@code savepoint} if not {@code null}.
     */
    static StreamExecutionEnvironment environment(int restarts, String savepoint) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        if (savepoint != null) {
            SavepointRestoreSettings.toConfiguration(SavepointRestoreSettings.forPath(savepoint), conf);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(300);
        return env;
    }

    /** Adds the job to {@code env}. */
    void addTo(StreamExecutionEnvironment env) {
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "payments-in")
                .uid("payments-in")
                .map(new FailingEnricher(plan, log))
                .uid("enrich")
                .name("enrich")
                .sinkTo(sink())
                .uid("payments-out")
                .name("payments-out");
    }

    private SluiceSource<Payment> source() {
        String dir = registryDir;
        String readerSchema = Payment.INPUT.toString();
        SerializableSupplier<SchemaRegistry> registry = registry(dir);
        SerializableSupplier<Deserializer<GenericRecord>> deserializer =
                () -> AvroDeserializer.generic(new Schema.Parser().parse(readerSchema), registry.get())
                        .build();
        SluiceSourceBuilder<Payment> builder = SluiceSource.<Payment>builder()
                .setNamesrvAddresses(namesrv)
                .setGroup(group)
                .setTopics(input)
                .setBounded(StoppingOffsets.latest())
                .setRateLimit(recordsPerSecond)
                .setDeserializer(AvroDeserializationSchema.of(
                        deserializer, Payment::fromInput, TypeInformation.of(Payment.class)));
        if (deadLetterTopic != null) {
            builder.setDeadLetterTopic(deadLetterTopic);
        }
        return builder.build();
    }

    private SluiceSink<Payment> sink() {
        return SluiceSink.<Payment>builder()
                .setNameServerAddress(namesrv)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setTransactionTopic(output)
                .setTransactionTimeout(Duration.ofMinutes(2))
                // A client-level retry could put a record after a later one of its key; without
                // retries a failed send fails the job and the restart replays in order.
                .setSendRetries(0)
                .setRecordSerializer(SluiceRecordSerializer.<Payment>builder()
                        .setTopic(output)
                        .setValueSerializer(SluiceAvro.reflect(Payment.class, registry(registryDir)))
                        .setKeys(p -> new String[] {Long.toString(p.id)})
                        .setQueueKey(p -> p.key)
                        .build())
                .build();
    }
}
