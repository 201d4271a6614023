package io.sluice.connector.flink.sink;

import io.sluice.mq.client.serde.MessagePropertiesSink;
import io.sluice.mq.client.serde.Serializer;
import io.sluice.serde.avro.AvroSerializer;
import io.sluice.serde.avro.format.WireFormat;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Avro value serializers for {@link SluiceRecordSerializerBuilder#setValueSerializer}, built on
 * serde-avro's {@link AvroSerializer}: the body is the framed Avro encoding and the schema
 * fingerprint (or id) becomes a message property, so Sluice's sources and any serde-avro reader
 * decode it.
 *
 * <p>The schema registry is opened once per subtask by the given factory (it runs on the task
 * manager, so a {@code DirectorySchemaRegistry} path or a {@code BrokerSchemaRegistry} over the
 * sink's cluster works; an in-memory registry of the client JVM does not travel) and closed with
 * the writer.
 */
@PublicEvolving
public final class SluiceAvro {

    private SluiceAvro() {}

    /** Generated specific records of {@code type}, single-object framing. */
    public static <T extends SpecificRecord> SerializableSupplier<Serializer<T>> specific(
            Class<T> type, SerializableSupplier<? extends SchemaRegistry> registry) {
        return specific(type, registry, WireFormat.SINGLE_OBJECT);
    }

    /** Generated specific records of {@code type} in {@code format}. */
    public static <T extends SpecificRecord> SerializableSupplier<Serializer<T>> specific(
            Class<T> type, SerializableSupplier<? extends SchemaRegistry> registry, WireFormat format) {
        Objects.requireNonNull(type, "type");
        return owning(
                registry, r -> AvroSerializer.specific(type, r).format(format).build());
    }

    /** Generic records, each written with its own schema, single-object framing. */
    public static SerializableSupplier<Serializer<GenericRecord>> generic(
            SerializableSupplier<? extends SchemaRegistry> registry) {
        return generic(registry, WireFormat.SINGLE_OBJECT);
    }

    /** Generic records in {@code format}. */
    public static SerializableSupplier<Serializer<GenericRecord>> generic(
            SerializableSupplier<? extends SchemaRegistry> registry, WireFormat format) {
        return owning(registry, r -> AvroSerializer.generic(r).format(format).build());
    }

    /** Plain Java objects of {@code type} through Avro reflection, single-object framing. */
    public static <T> SerializableSupplier<Serializer<T>> reflect(
            Class<T> type, SerializableSupplier<? extends SchemaRegistry> registry) {
        Objects.requireNonNull(type, "type");
        return owning(registry, r -> AvroSerializer.reflect(type, r).build());
    }

    private static <T> SerializableSupplier<Serializer<T>> owning(
            SerializableSupplier<? extends SchemaRegistry> registry,
            SerializableFunctionOf<SchemaRegistry, Serializer<T>> build) {
        Objects.requireNonNull(registry, "registry");
        return () -> {
            SchemaRegistry opened = registry.get();
            return new RegistryOwning<>(build.apply(opened), opened);
        };
    }

    /** A serializable {@link Function}, so the factories above stay serializable. */
    @FunctionalInterface
    private interface SerializableFunctionOf<A, B> extends Function<A, B>, java.io.Serializable {}

    /** A serializer that closes the registry it was opened with. Thread-safe as its delegate. */
    private record RegistryOwning<T>(Serializer<T> delegate, SchemaRegistry registry)
            implements Serializer<T>, AutoCloseable {

        @Override
        public byte[] serialize(String topic, T value, MessagePropertiesSink properties) {
            return delegate.serialize(topic, value, properties);
        }

        @Override
        public void close() throws Exception {
            registry.close();
        }
    }
}
