package io.sluice.connector.flink.source;

import io.sluice.connector.flink.source.enumerator.SluiceEnumState;
import io.sluice.connector.flink.source.enumerator.SluiceEnumStateSerializer;
import io.sluice.connector.flink.source.enumerator.SluiceSourceEnumerator;
import io.sluice.connector.flink.source.metrics.SourceReaderMetrics;
import io.sluice.connector.flink.source.reader.BadRecordHandler;
import io.sluice.connector.flink.source.reader.SluiceRecordEmitter;
import io.sluice.connector.flink.source.reader.SluiceSourceReader;
import io.sluice.connector.flink.source.reader.SluiceSplitReader;
import io.sluice.connector.flink.source.reader.deserializer.SluiceDeserializationSchema;
import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.connector.flink.source.split.QueueSplitSerializer;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.OffsetResetStrategy;
import io.sluice.mq.common.SystemClock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * A FLIP-27 source reading Sluice (or Apache RocketMQ) topics through Sluice's own client. Each
 * message queue is a split; offsets live in Flink's checkpoints and are committed to the consumer
 * group only when a checkpoint completes.
 *
 * <pre>{@code
 * SluiceSource<String> source = SluiceSource.<String>builder()
 *         .setNamesrvAddresses("127.0.0.1:9876")
 *         .setGroup("orders-job")
 *         .setTopics("orders")
 *         .setStartingOffsets(StartingOffsets.committedOrElse(StartingOffsets.earliest()))
 *         .setTagFilter("paid || shipped")
 *         .setValueOnlyDeserializer(new SimpleStringSchema())
 *         .build();
 * env.fromSource(source, WatermarkStrategy.forMonotonousTimestamps(), "orders");
 * }</pre>
 *
 * <p>Immutable and serializable.
 *
 * @param <T> the record type
 */
@PublicEvolving
public final class SluiceSource<T> implements Source<T, QueueSplit, SluiceEnumState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final SourceSettings settings;
    private final SluiceDeserializationSchema<T> schema;

    SluiceSource(SourceSettings settings, SluiceDeserializationSchema<T> schema) {
        this.settings = settings;
        this.schema = schema;
    }

    public static <T> SluiceSourceBuilder<T> builder() {
        return new SluiceSourceBuilder<>();
    }

    /** The settings this source was built with. */
    public SourceSettings settings() {
        return settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, QueueSplit> createReader(SourceReaderContext context) throws Exception {
        int subtask = context.getIndexOfSubtask();
        MqClient client = SourceClients.open(settings, "reader", subtask, context);
        try {
            schema.open(initializationContext(context));
            SourceReaderMetrics metrics = new SourceReaderMetrics(context.metricGroup());
            Set<String> finishRequests = ConcurrentHashMap.newKeySet();
            ConsumerConfig consumerConfig = ConsumerConfig.builder(settings.group())
                    .pullBatchSize(settings.pullBatchSize())
                    .maxBufferedPerQueue(settings.maxBufferedPerQueue())
                    .maxPollRecords(Math.max(settings.pullBatchSize(), 500))
                    .offsetReset(OffsetResetStrategy.EARLIEST)
                    .errorBackoff(settings.fetchBackoff())
                    .pullSuspend(java.time.Duration.ofSeconds(1))
                    .build();
            Consumer committer =
                    client.newConsumer(ConsumerConfig.builder(settings.group()).build());
            SystemClock clock = new SystemClock();
            BadRecordHandler badRecords = new BadRecordHandler(
                    settings.badRecordPolicy(), settings.deadLetterTopic(), client, settings.group(), metrics);
            SluiceRecordEmitter<T> emitter =
                    new SluiceRecordEmitter<>(schema, badRecords, metrics, settings.eventTimestamp());
            RateLimiterStrategy<QueueSplit> rateLimiter = settings.recordsPerSecond() > 0
                    ? RateLimiterStrategy.perSecond(settings.recordsPerSecond())
                    : RateLimiterStrategy.noOp();
            return new SluiceSourceReader<>(
                    () -> new SluiceSplitReader(
                            client.newConsumer(consumerConfig), settings, metrics, clock, finishRequests),
                    emitter,
                    rateLimiter,
                    context.getConfiguration(),
                    context,
                    new SluiceSourceReader.Parts(
                            client, committer, settings.commitOffsetsOnCheckpoint(), metrics, finishRequests));
        } catch (Exception e) { // close the client, then rethrow
            client.close();
            throw e;
        }
    }

    @Override
    public SplitEnumerator<QueueSplit, SluiceEnumState> createEnumerator(SplitEnumeratorContext<QueueSplit> context) {
        return restoreEnumerator(context, SluiceEnumState.empty());
    }

    @Override
    public SplitEnumerator<QueueSplit, SluiceEnumState> restoreEnumerator(
            SplitEnumeratorContext<QueueSplit> context, SluiceEnumState state) {
        MqClient client = SourceClients.open(settings, "enumerator", 0, context);
        return SluiceSourceEnumerator.create(context, settings, client, state);
    }

    @Override
    public SimpleVersionedSerializer<QueueSplit> getSplitSerializer() {
        return new QueueSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<SluiceEnumState> getEnumeratorCheckpointSerializer() {
        return new SluiceEnumStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return schema.getProducedType();
    }

    private static DeserializationSchema.InitializationContext initializationContext(SourceReaderContext context) {
        return new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return context.metricGroup().addGroup("deserializer");
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return context.getUserCodeClassLoader();
            }
        };
    }
}
