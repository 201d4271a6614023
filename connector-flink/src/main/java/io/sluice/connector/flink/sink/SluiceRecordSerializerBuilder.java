package io.sluice.connector.flink.sink;

import io.sluice.mq.client.serde.Serializer;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Assembles a {@link SluiceRecordSerializer} from one function per message field. Required: a topic
 * (fixed or per element) and a value serializer (a Flink {@link SerializationSchema}, or a Sluice
 * {@link Serializer} such as serde-avro's through {@link SluiceAvro}). Every other field function
 * may return {@code null} for "not set on this record".
 *
 * <pre>{@code
 * SluiceRecordSerializer<Order> serializer = SluiceRecordSerializer.<Order>builder()
 *         .setTopic("orders")
 *         .setValueSerializer(SluiceAvro.specific(Order.class, registry))
 *         .setTag(order -> order.getRegion())
 *         .setKeys(order -> new String[] {order.getId()})
 *         .setQueueKey(order -> order.getCustomer())      // ordered per customer
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe; build once on the client, then the built serializer travels with the job.
 *
 * @param <T> the element type
 */
@PublicEvolving
public final class SluiceRecordSerializerBuilder<T> {

    private SerializableFunction<? super T, String> topic;
    private SerializationSchema<? super T> valueSchema;
    private SerializableSupplier<? extends Serializer<? super T>> valueSerializer;
    private SerializableFunction<? super T, String> tag;
    private SerializableFunction<? super T, String[]> keys;
    private SerializableFunction<? super T, String> queueKey;
    private SerializableFunction<? super T, Map<String, String>> properties;
    private SerializableFunction<? super T, Integer> delayLevel;
    private SerializableFunction<? super T, Long> deliverAtMs;

    SluiceRecordSerializerBuilder() {}

    /** Every record goes to {@code topic}. */
    public SluiceRecordSerializerBuilder<T> setTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        return setTopicSelector(element -> topic);
    }

    /** Each record goes to the topic {@code selector} names (never {@code null}). */
    public SluiceRecordSerializerBuilder<T> setTopicSelector(SerializableFunction<? super T, String> selector) {
        this.topic = Objects.requireNonNull(selector, "selector");
        return this;
    }

    /** The body is {@code schema}'s bytes of the element; opened once per subtask. */
    public SluiceRecordSerializerBuilder<T> setValueSerializationSchema(SerializationSchema<? super T> schema) {
        this.valueSchema = Objects.requireNonNull(schema, "schema");
        return this;
    }

    /**
     * The body is the bytes of a Sluice {@link Serializer} made once per subtask by {@code
     * factory}; properties it adds (an Avro schema fingerprint, for example) become message
     * properties.
     */
    public SluiceRecordSerializerBuilder<T> setValueSerializer(
            SerializableSupplier<? extends Serializer<? super T>> factory) {
        this.valueSerializer = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /** The message tag (one tag, used by tag filters), or {@code null} for none. */
    public SluiceRecordSerializerBuilder<T> setTag(SerializableFunction<? super T, String> tag) {
        this.tag = Objects.requireNonNull(tag, "tag");
        return this;
    }

    /** The business keys (indexed for lookup by key), or {@code null} for none. */
    public SluiceRecordSerializerBuilder<T> setKeys(SerializableFunction<? super T, String[]> keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
        return this;
    }

    /**
     * The key whose queue the record goes to, so records of one key stay in order; {@code null}
     * sends that record round robin.
     */
    public SluiceRecordSerializerBuilder<T> setQueueKey(SerializableFunction<? super T, String> queueKey) {
        this.queueKey = Objects.requireNonNull(queueKey, "queueKey");
        return this;
    }

    /** User properties (SQL92 filters read them), or {@code null} for none. */
    public SluiceRecordSerializerBuilder<T> setProperties(
            SerializableFunction<? super T, Map<String, String>> properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
        return this;
    }

    /** A broker delay level (1 = 1 s ... 18 = 2 h), or {@code null} to deliver at once. */
    public SluiceRecordSerializerBuilder<T> setDelayLevel(SerializableFunction<? super T, Integer> delayLevel) {
        this.delayLevel = Objects.requireNonNull(delayLevel, "delayLevel");
        return this;
    }

    /** A delivery time in epoch ms (the broker's timer), or {@code null} to deliver at once. */
    public SluiceRecordSerializerBuilder<T> setDeliverAtMs(SerializableFunction<? super T, Long> deliverAtMs) {
        this.deliverAtMs = Objects.requireNonNull(deliverAtMs, "deliverAtMs");
        return this;
    }

    /**
     * The serializer.
     *
     * @throws IllegalStateException naming what is missing or set twice
     */
    public SluiceRecordSerializer<T> build() {
        if (topic == null) {
            throw new IllegalStateException("a topic is required: call setTopic or setTopicSelector");
        }
        if ((valueSchema == null) == (valueSerializer == null)) {
            throw new IllegalStateException(
                    "exactly one value serializer is required: setValueSerializationSchema or setValueSerializer");
        }
        if (delayLevel != null && deliverAtMs != null) {
            throw new IllegalStateException("setDelayLevel and setDeliverAtMs exclude each other");
        }
        return new RoutingRecordSerializer<>(new RoutingRecordSerializer.Fields<>(
                topic, valueSchema, valueSerializer, tag, keys, queueKey, properties, delayLevel, deliverAtMs));
    }
}
