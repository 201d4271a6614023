package io.sluice.connector.flink.source.reader.deserializer;

import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.serde.Deserializer;
import io.sluice.serde.avro.AvroDeserializer;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Avro message bodies through {@code serde-avro}'s {@link AvroDeserializer}: framing (single-object
 * or Confluent) detected per message, writer schema fetched from the registry, resolved against the
 * reader schema. The deserializer is built in each reader from a serializable factory (registries
 * hold connections and caches, so they do not travel with the job), and each decoded value is
 * turned into the record type by a mapper, so records need not be Avro objects inside Flink.
 *
 * <p>Failures ({@code MalformedPayloadException}, {@code UnknownSchemaException}, {@code
 * SchemaMismatchException}) name topic, queue and offset and go to the source's bad-record policy.
 *
 * <pre>{@code
 * AvroDeserializationSchema.generic(() -> DirectorySchemaRegistry.open(dir, policy),
 *         r -> new Order(r.get("id").toString(), (Long) r.get("cents")), TypeInformation.of(Order.class));
 * }</pre>
 *
 * <p>Not thread-safe across readers: each reader has its own copy (Flink deserializes one per subtask).
 *
 * @param <V> the Avro value type
 * @param <T> the record type
 */
@PublicEvolving
public final class AvroDeserializationSchema<V, T> implements SluiceDeserializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final SerializableSupplier<Deserializer<V>> factory;
    private final SerializableFunction<V, T> mapper;
    private final TypeInformation<T> type;
    private transient Deserializer<V> deserializer;

    private AvroDeserializationSchema(
            SerializableSupplier<Deserializer<V>> factory, SerializableFunction<V, T> mapper, TypeInformation<T> type) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** Generic records read with their writer schema, then mapped. */
    public static <T> AvroDeserializationSchema<GenericRecord, T> generic(
            SerializableSupplier<SchemaRegistry> registry,
            SerializableFunction<GenericRecord, T> mapper,
            TypeInformation<T> type) {
        Objects.requireNonNull(registry, "registry");
        return new AvroDeserializationSchema<>(
                (SerializableSupplier<Deserializer<GenericRecord>> & Serializable)
                        () -> AvroDeserializer.generic(registry.get()).build(),
                mapper,
                type);
    }

    /** Any body deserializer (an {@link AvroDeserializer} built as needed), then mapped. */
    public static <V, T> AvroDeserializationSchema<V, T> of(
            SerializableSupplier<Deserializer<V>> factory, SerializableFunction<V, T> mapper, TypeInformation<T> type) {
        return new AvroDeserializationSchema<>(factory, mapper, type);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        deserializer = factory.get();
    }

    @Override
    public void deserialize(ReceivedMessage message, Collector<T> out) throws IOException {
        if (deserializer == null) {
            deserializer = factory.get();
        }
        out.collect(mapper.apply(message.value(deserializer)));
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }
}
