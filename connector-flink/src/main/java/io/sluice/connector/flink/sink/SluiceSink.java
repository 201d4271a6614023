package io.sluice.connector.flink.sink;

import io.sluice.connector.flink.sink.internal.SluiceCommittableSerializer;
import io.sluice.connector.flink.sink.internal.SluiceCommitter;
import io.sluice.connector.flink.sink.internal.SluiceWriter;
import io.sluice.connector.flink.sink.internal.SluiceWriterState;
import io.sluice.connector.flink.sink.internal.SluiceWriterStateSerializer;
import io.sluice.connector.flink.sink.internal.TransactionalWriter;
import io.sluice.connector.flink.sink.internal.WriterSettings;
import io.sluice.mq.client.transaction.TransactionHandle;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink Sink V2 that writes a stream to a Sluice (or RocketMQ) cluster through Sluice's client.
 * Each element becomes one message routed by a {@link SluiceRecordSerializer} (topic, tag, keys,
 * queue by key, properties, delay).
 *
 * <pre>{@code
 * SluiceSink<Order> sink = SluiceSink.<Order>builder()
 *         .setNameServerAddress("127.0.0.1:9876")
 *         .setRecordSerializer(SluiceRecordSerializer.<Order>builder()
 *                 .setTopic("orders")
 *                 .setValueSerializer(SluiceAvro.specific(Order.class, registry))
 *                 .setQueueKey(Order::getCustomer)
 *                 .build())
 *         .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
 *         .build();
 * orders.sinkTo(sink);
 * }</pre>
 *
 * <p>Delivery guarantees: NONE (fire and forget, errors still fail the job), AT_LEAST_ONCE (every
 * send acknowledged before a checkpoint completes), and EXACTLY_ONCE (one Sluice transaction per
 * checkpoint and subtask, sealed at the barrier and committed when the checkpoint completes; needs
 * a Sluice broker, not a stock RocketMQ one). See {@link SluiceSinkBuilder}.
 *
 * <p>The sink always has a committer and writer state (as Flink's Kafka sink does); with NONE and
 * AT_LEAST_ONCE both stay empty.
 *
 * @param <IN> the element type
 */
@PublicEvolving
public final class SluiceSink<IN>
        implements Sink<IN>, SupportsCommitter<TransactionHandle>, SupportsWriterState<IN, SluiceWriterState> {

    private static final long serialVersionUID = 1L;

    private final WriterSettings settings;
    private final SluiceRecordSerializer<IN> serializer;

    SluiceSink(WriterSettings settings, SluiceRecordSerializer<IN> serializer) {
        this.settings = settings;
        this.serializer = serializer;
    }

    /** A builder; see {@link SluiceSinkBuilder} for the settings and their defaults. */
    public static <IN> SluiceSinkBuilder<IN> builder() {
        return new SluiceSinkBuilder<>();
    }

    @Override
    public StatefulSinkWriter<IN, SluiceWriterState> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<IN, SluiceWriterState> restoreWriter(
            WriterInitContext context, Collection<SluiceWriterState> recoveredState) throws IOException {
        if (settings.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            return new TransactionalWriter<>(settings, serializer, context, recoveredState);
        }
        return new SluiceWriter<>(settings, serializer, context);
    }

    @Override
    public SimpleVersionedSerializer<SluiceWriterState> getWriterStateSerializer() {
        return new SluiceWriterStateSerializer();
    }

    @Override
    public Committer<TransactionHandle> createCommitter(CommitterInitContext context) {
        return new SluiceCommitter(
                settings.producer(),
                "flink-sink-committer-" + context.getJobInfo().getJobId() + "-"
                        + context.getTaskInfo().getIndexOfThisSubtask() + "-"
                        + context.getTaskInfo().getAttemptNumber());
    }

    @Override
    public SimpleVersionedSerializer<TransactionHandle> getCommittableSerializer() {
        return new SluiceCommittableSerializer();
    }

    @VisibleForTesting
    WriterSettings settings() {
        return settings;
    }
}
