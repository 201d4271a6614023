package io.sluice.connector.flink.sink;

import io.sluice.connector.flink.sink.internal.SluiceWriter;
import io.sluice.connector.flink.sink.internal.WriterSettings;
import java.io.IOException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

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
 * <p>Delivery guarantees: NONE (fire and forget, errors still fail the job) and AT_LEAST_ONCE
 * (every send acknowledged before a checkpoint completes). See {@link SluiceSinkBuilder}.
 *
 * @param <IN> the element type
 */
@PublicEvolving
public final class SluiceSink<IN> implements Sink<IN> {

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
    public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
        return new SluiceWriter<>(settings, serializer, context);
    }

    @VisibleForTesting
    WriterSettings settings() {
        return settings;
    }
}
