package io.sluice.samples.flink;

import io.sluice.mq.client.serde.MessagePropertiesSink;
import io.sluice.mq.client.serde.Serializer;
import io.sluice.serde.avro.AvroSerializer;
import io.sluice.serde.avro.registry.SchemaRegistry;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Writes a {@link WindowTotal} as a framed Avro body of {@link OrderSchemas#WINDOW_TOTAL}
 * (serde-avro, single-object framing, the schema must already be registered under the topic), and
 * closes the registry it reads when the sink closes it.
 *
 * <p>Thread-safe as serde-avro's serializer is.
 */
final class WindowTotalSerializer implements Serializer<WindowTotal>, AutoCloseable {

    private final SchemaRegistry registry;
    private final AvroSerializer<GenericRecord> avro;

    private WindowTotalSerializer(SchemaRegistry registry) {
        this.registry = registry;
        // No auto-registration: the sample registered the schema before the job started, and
        // several subtasks registering into one directory at once is not allowed.
        this.avro = AvroSerializer.generic(registry).autoRegister(false).build();
    }

    /** A factory the sink runs once per subtask, opening the registry in {@code schemas}. */
    static SerializableSupplier<Serializer<WindowTotal>> factory(SchemaDirectory schemas) {
        return () -> new WindowTotalSerializer(schemas.open());
    }

    @Override
    public byte[] serialize(String topic, WindowTotal value, MessagePropertiesSink properties) {
        return avro.serialize(topic, OrderSchemas.toAvro(value), properties);
    }

    @Override
    public void close() {
        registry.close();
    }
}
