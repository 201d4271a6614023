package io.sluice.connector.flink.sink;

import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.serde.Serializer;
import java.io.Serializable;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The serializer {@link SluiceRecordSerializerBuilder} builds: applies each field function to the
 * element and builds the {@link Message}. A function returning {@code null} leaves its field unset.
 *
 * <p>Used by one subtask's task thread after {@link #open}.
 */
final class RoutingRecordSerializer<T> implements SluiceRecordSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** The field functions; {@code null} entries are not configured. */
    record Fields<T>(
            SerializableFunction<? super T, String> topic,
            SerializationSchema<? super T> valueSchema,
            SerializableSupplier<? extends Serializer<? super T>> valueSerializer,
            SerializableFunction<? super T, String> tag,
            SerializableFunction<? super T, String[]> keys,
            SerializableFunction<? super T, String> queueKey,
            SerializableFunction<? super T, Map<String, String>> properties,
            SerializableFunction<? super T, Integer> delayLevel,
            SerializableFunction<? super T, Long> deliverAtMs)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Fields<T> fields;
    private transient Serializer<? super T> serializer;

    RoutingRecordSerializer(Fields<T> fields) {
        this.fields = fields;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, SluiceSinkContext sinkContext)
            throws Exception {
        if (fields.valueSchema() != null) {
            fields.valueSchema().open(context);
        } else {
            serializer = fields.valueSerializer().get();
        }
    }

    @Override
    public SluiceRecord serialize(T element, SluiceSinkContext context, Long timestamp) {
        String topic = fields.topic().apply(element);
        if (topic == null) {
            throw new IllegalArgumentException("the topic selector returned null for " + element);
        }
        Message.Builder message = Message.builder(topic);
        String tag = apply(fields.tag(), element);
        if (tag != null) {
            message.tags(tag);
        }
        String[] keys = apply(fields.keys(), element);
        if (keys != null) {
            message.keys(keys);
        }
        Map<String, String> properties = apply(fields.properties(), element);
        if (properties != null) {
            properties.forEach(message::property);
        }
        Integer level = apply(fields.delayLevel(), element);
        if (level != null) {
            message.delayLevel(level);
        }
        Long deliverAt = apply(fields.deliverAtMs(), element);
        if (deliverAt != null) {
            message.deliverAtMs(deliverAt);
        }
        if (serializer != null) {
            message.value(element, serializer);
        } else {
            message.body(fields.valueSchema().serialize(element));
        }
        return new SluiceRecord(message.build(), apply(fields.queueKey(), element));
    }

    @Override
    public void close() throws Exception {
        if (serializer instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private static <T, R> R apply(SerializableFunction<? super T, R> function, T element) {
        return function == null ? null : function.apply(element);
    }
}
