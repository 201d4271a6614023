package io.sluice.serde.avro;

import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.mq.client.serde.MessagePropertiesSink;
import io.sluice.mq.client.serde.Serializer;
import io.sluice.serde.avro.format.Framing;
import io.sluice.serde.avro.format.SchemaRef;
import io.sluice.serde.avro.format.WireFormat;
import io.sluice.serde.avro.registry.RegisteredSchema;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.reflect.ReflectData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Serializes Avro values (generic, specific or reflect) into framed message bodies: a header that
 * names the writer schema ({@link WireFormat}, single-object encoding by default) followed by the
 * Avro binary encoding. The header's fingerprint or id is also set as a message property ({@link
 * WireFormat#FINGERPRINT_PROPERTY} or {@link WireFormat#SCHEMA_ID_PROPERTY}).
 *
 * <p>The first value of each (topic, writer schema) registers the schema in the {@link
 * SchemaRegistry} under the subject from {@link SubjectNamingStrategy} (or, with {@code
 * autoRegister(false)}, requires it to be registered already); the header, property value and datum
 * writer are then cached, so later values cost one encoding and one array copy.
 *
 * <pre>{@code
 * Serializer<GenericRecord> serializer = AvroSerializer.generic(registry).build();
 * Serializer<Order> orders = AvroSerializer.specific(Order.class, registry)
 *         .format(WireFormat.CONFLUENT).build();
 * }</pre>
 *
 * <p>Thread-safe: one instance serves every sending thread. It does not own the registry.
 *
 * @param <T> the value type
 */
public final class AvroSerializer<T> implements Serializer<T> {

    private record WriterKey(String topic, Schema schema) {}

    private record WriterEntry<T>(
            String topic, Schema schema, SchemaRef ref, byte[] header, String propertyValue, DatumWriter<T> writer) {}

    private final RecordModel<T> model;
    private final SchemaRegistry registry;
    private final WireFormat format;
    private final SubjectNamingStrategy naming;
    private final boolean autoRegister;
    private final BoundedCache<WriterKey, WriterEntry<T>> writers;
    private final ObjectPool<EncodeBuffer> buffers;
    private volatile WriterEntry<T> last;

    private AvroSerializer(Builder<T> b) {
        this.model = b.model;
        this.registry = b.registry;
        this.format = b.format;
        this.naming = b.naming;
        this.autoRegister = b.autoRegister;
        this.writers = new BoundedCache<>(b.cacheSize);
        EncoderFactory encoders = EncoderFactory.get();
        this.buffers = new ObjectPool<>(b.poolSize, () -> new EncodeBuffer(encoders));
    }

    /** A builder for {@link GenericRecord} values; each value's own schema is the writer schema. */
    public static Builder<GenericRecord> generic(SchemaRegistry registry) {
        return new Builder<>(RecordModel.generic(GenericData.get(), null), registry);
    }

    /** A builder for generated specific records of class {@code type}. */
    public static <T extends SpecificRecord> Builder<T> specific(Class<T> type, SchemaRegistry registry) {
        return new Builder<>(RecordModel.specific(type), registry);
    }

    /** A builder for plain Java objects of class {@code type}, through Avro reflection. */
    public static <T> Builder<T> reflect(Class<T> type, SchemaRegistry registry) {
        return reflect(type, new ReflectData(type.getClassLoader()), registry);
    }

    /** Like {@link #reflect(Class, SchemaRegistry)} with a configured {@link ReflectData}. */
    public static <T> Builder<T> reflect(Class<T> type, ReflectData data, SchemaRegistry registry) {
        return new Builder<>(RecordModel.reflect(type, data), registry);
    }

    /**
     * Serializes {@code value} for {@code topic}.
     *
     * @throws SchemaMismatchException if the value does not match its schema or carries none
     * @throws UnknownSchemaException if registration is off and the schema is not registered
     * @throws io.sluice.serde.avro.registry.IncompatibleSchemaException if registering the schema
     *     breaks the subject's compatibility mode
     */
    @Override
    public byte[] serialize(String topic, T value, MessagePropertiesSink properties) {
        Objects.requireNonNull(value, "value");
        Schema schema = model.schemaOf(value);
        if (schema == null) {
            throw new SchemaMismatchException(
                    model.kind() + " serializer got a " + value.getClass().getName() + " that carries no Avro schema",
                    MessageCoordinates.unknown(topic),
                    null,
                    null);
        }
        WriterEntry<T> entry = last;
        if (entry == null || entry.schema() != schema || !entry.topic().equals(topic)) {
            entry = writers.get(new WriterKey(topic, schema), this::newEntry);
            last = entry;
        }
        EncodeBuffer buffer = buffers.take();
        byte[] body;
        try {
            body = buffer.encode(entry.header(), entry.writer(), value);
        } catch (IOException | RuntimeException e) {
            // Avro reports a value that does not fit its schema with assorted runtime exceptions
            // (NullPointerException, ClassCastException, AvroRuntimeException); the buffer may hold
            // part of the record, so it is dropped rather than returned to the pool.
            throw new SchemaMismatchException(
                    "cannot encode " + value.getClass().getName() + " with schema " + schema.getFullName() + ": " + e,
                    MessageCoordinates.unknown(topic),
                    entry.ref(),
                    e);
        }
        if (buffer.reusable()) {
            buffers.release(buffer);
        }
        properties.put(format.propertyName(), entry.propertyValue());
        return body;
    }

    /** The wire format this serializer writes. */
    public WireFormat format() {
        return format;
    }

    private WriterEntry<T> newEntry(WriterKey key) {
        String subject = naming.subject(key.topic(), key.schema());
        RegisteredSchema registered;
        if (autoRegister) {
            registered = registry.register(subject, key.schema());
        } else {
            registered = registry.lookup(subject, key.schema())
                    .orElseThrow(() -> new UnknownSchemaException(
                            "schema " + key.schema().getFullName() + " is not registered under subject '" + subject
                                    + "' and auto-registration is off",
                            MessageCoordinates.unknown(key.topic()),
                            SchemaRef.fingerprint(SchemaRef.fingerprintOf(key.schema()))));
        }
        SchemaRef ref = format == WireFormat.SINGLE_OBJECT
                ? SchemaRef.fingerprint(registered.fingerprint())
                : SchemaRef.schemaId(registered.id());
        return new WriterEntry<>(
                key.topic(),
                key.schema(),
                ref,
                Framing.header(ref),
                ref.propertyValue(),
                model.newWriter(key.schema()));
    }

    /**
     * Configures an {@link AvroSerializer}.
     *
     * <p>Not thread-safe; use from one thread, then share the built serializer.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {
        private final RecordModel<T> model;
        private final SchemaRegistry registry;
        private WireFormat format = WireFormat.SINGLE_OBJECT;
        private SubjectNamingStrategy naming = SubjectNamingStrategy.topicName();
        private boolean autoRegister = true;
        private int cacheSize = 1024;
        private int poolSize = 16;

        private Builder(RecordModel<T> model, SchemaRegistry registry) {
            this.model = model;
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** The framing to write; {@link WireFormat#SINGLE_OBJECT} by default. */
        public Builder<T> format(WireFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** How a topic and schema map to a registry subject; the topic name by default. */
        public Builder<T> subjectNaming(SubjectNamingStrategy naming) {
            this.naming = Objects.requireNonNull(naming, "naming");
            return this;
        }

        /**
         * Whether a new writer schema is registered (default) or must already be registered under
         * its subject (then an unregistered schema fails with {@link UnknownSchemaException}).
         */
        public Builder<T> autoRegister(boolean autoRegister) {
            this.autoRegister = autoRegister;
            return this;
        }

        /** Most (topic, schema) pairs whose writers are cached; 1024 by default. */
        public Builder<T> cacheSize(int cacheSize) {
            this.cacheSize = requirePositive(cacheSize, "cacheSize");
            return this;
        }

        /** Most idle encoders kept for reuse; 16 by default. */
        public Builder<T> poolSize(int poolSize) {
            this.poolSize = requirePositive(poolSize, "poolSize");
            return this;
        }

        /** The serializer. */
        public AvroSerializer<T> build() {
            return new AvroSerializer<>(this);
        }
    }

    static int requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
        return value;
    }
}
