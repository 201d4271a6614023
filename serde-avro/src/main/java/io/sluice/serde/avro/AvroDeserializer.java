package io.sluice.serde.avro;

import io.sluice.mq.client.serde.Deserializer;
import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.serde.avro.format.Framing;
import io.sluice.serde.avro.format.SchemaRef;
import io.sluice.serde.avro.format.WireFormat;
import io.sluice.serde.avro.registry.Compatibility;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.RegisteredSchema;
import io.sluice.serde.avro.registry.SchemaProblem;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.reflect.ReflectData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deserializes framed Avro message bodies into generic, specific or reflect values. The framing
 * (single-object or Confluent) is detected from the first bytes; the writer schema is fetched from
 * the {@link SchemaRegistry} by fingerprint or id and resolved against the reader schema (the
 * specific or reflect class's schema, an explicit generic reader schema, or else the writer schema
 * itself).
 *
 * <p>Per writer schema, the registry lookup, the compatibility check and the datum reader (which
 * caches Avro's resolving decoder) are built once and cached; a record costs header parsing and
 * the decoding itself. A writer schema the reader cannot resolve is rejected for every record
 * that uses it, with the incompatibilities by field path.
 *
 * <p>Message properties are not consulted: the framing in the bytes is authoritative, so a body
 * copied to another message with other properties still decodes.
 *
 * <p>Every failure names the record's topic, queue and offset: {@link MalformedPayloadException},
 * {@link UnknownSchemaException}, {@link SchemaMismatchException}.
 *
 * <pre>{@code
 * Deserializer<Order> orders = AvroDeserializer.specific(Order.class, registry)
 *         .requireCompatibleWith("orders", CompatibilityMode.BACKWARD_TRANSITIVE)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe: one instance serves every consuming thread. It does not own the registry.
 *
 * @param <T> the value type
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

    /** A cached writer schema: a ready reader, or the reason it cannot be read. */
    private record ReaderEntry<T>(SchemaRef ref, DatumReader<T> reader, String mismatch) {}

    private final RecordModel<T> model;
    private final SchemaRegistry registry;
    private final BoundedCache<Long, ReaderEntry<T>> byFingerprint;
    private final BoundedCache<Long, ReaderEntry<T>> byId;
    private final ObjectPool<BinaryDecoder> decoders;
    private final DecoderFactory decoderFactory = DecoderFactory.get();
    private volatile ReaderEntry<T> last;

    private AvroDeserializer(Builder<T> b) {
        this.model = b.model;
        this.registry = b.registry;
        this.byFingerprint = new BoundedCache<>(b.cacheSize);
        this.byId = new BoundedCache<>(b.cacheSize);
        this.decoders = new ObjectPool<>(b.poolSize, () -> decoderFactory.binaryDecoder(new byte[0], null));
    }

    /** A builder for {@link GenericRecord} values, read with the writer schema unless set. */
    public static Builder<GenericRecord> generic(SchemaRegistry registry) {
        return new Builder<>(RecordModel.generic(GenericData.get(), null), registry);
    }

    /** A builder for generic values read into {@code readerSchema} (a projection or evolution). */
    public static Builder<GenericRecord> generic(Schema readerSchema, SchemaRegistry registry) {
        return new Builder<>(
                RecordModel.generic(GenericData.get(), Objects.requireNonNull(readerSchema, "readerSchema")), registry);
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

    @Override
    public T deserialize(MessageCoordinates source, byte[] body, Map<String, String> properties) {
        WireFormat format = Framing.detect(body);
        if (format == null) {
            throw new MalformedPayloadException(
                    "not a framed Avro body: " + Framing.describeUnrecognised(body), source, null, null);
        }
        ReaderEntry<T> entry = readerFor(format, body, source);
        return decode(entry, body, format.headerLength(), source);
    }

    private ReaderEntry<T> readerFor(WireFormat format, byte[] body, MessageCoordinates source) {
        long key = format == WireFormat.SINGLE_OBJECT ? Framing.readFingerprint(body) : Framing.readSchemaId(body);
        ReaderEntry<T> entry = last;
        if (entry == null || entry.ref().format() != format || entry.ref().value() != key) {
            SchemaRef ref = new SchemaRef(format, key);
            BoundedCache<Long, ReaderEntry<T>> cache = format == WireFormat.SINGLE_OBJECT ? byFingerprint : byId;
            entry = cache.get(key, k -> newEntry(ref, source));
            last = entry;
        }
        if (entry.mismatch() != null) {
            throw new SchemaMismatchException(entry.mismatch(), source, entry.ref(), null);
        }
        return entry;
    }

    private T decode(ReaderEntry<T> entry, byte[] body, int offset, MessageCoordinates source) {
        BinaryDecoder decoder = decoderFactory.binaryDecoder(body, offset, body.length - offset, decoders.take());
        T value;
        boolean trailing;
        try {
            value = entry.reader().read(null, decoder);
            trailing = !decoder.isEnd();
        } catch (IOException | RuntimeException e) {
            // Corrupt or truncated Avro binary surfaces as EOFException, AvroRuntimeException,
            // ArrayIndexOutOfBoundsException (a bad union index) and the like: all mean bad bytes.
            throw new MalformedPayloadException(
                    "truncated or corrupt Avro body (" + (body.length - offset) + " bytes after the " + offset
                            + "-byte header): " + e,
                    source,
                    entry.ref(),
                    e);
        } finally {
            decoders.release(decoder);
        }
        if (trailing) {
            throw new MalformedPayloadException(
                    "corrupt Avro body: bytes left over after the record (" + (body.length - offset)
                            + " bytes after the " + offset + "-byte header)",
                    source,
                    entry.ref(),
                    null);
        }
        return value;
    }

    private ReaderEntry<T> newEntry(SchemaRef ref, MessageCoordinates source) {
        Optional<Schema> writer = ref.format() == WireFormat.SINGLE_OBJECT
                ? registry.schemaByFingerprint(ref.value())
                : registry.schemaById((int) ref.value());
        if (writer.isEmpty()) {
            throw new UnknownSchemaException(
                    "unknown writer schema: the registry has no schema with this "
                            + (ref.format() == WireFormat.SINGLE_OBJECT ? "fingerprint" : "id"),
                    source,
                    ref);
        }
        return entryFor(ref, writer.get());
    }

    private ReaderEntry<T> entryFor(SchemaRef ref, Schema writer) {
        Schema reader = model.readerSchema() != null ? model.readerSchema() : writer;
        if (reader != writer) {
            List<SchemaProblem> problems =
                    Compatibility.readProblems(reader, writer, "reader " + reader.getFullName() + " reading " + ref);
            if (!problems.isEmpty()) {
                String explanation = problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
                return new ReaderEntry<>(
                        ref,
                        null,
                        "the " + model.kind() + " reader schema cannot read writer schema " + writer.getFullName() + ":"
                                + explanation);
            }
        }
        return new ReaderEntry<>(ref, model.newReader(writer, reader), null);
    }

    /**
     * Configures an {@link AvroDeserializer}.
     *
     * <p>Not thread-safe; use from one thread, then share the built deserializer.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {
        private final RecordModel<T> model;
        private final SchemaRegistry registry;
        private String checkedSubject;
        private CompatibilityMode checkMode;
        private int cacheSize = 1024;
        private int poolSize = 16;

        private Builder(RecordModel<T> model, SchemaRegistry registry) {
            this.model = model;
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Checks at {@link #build()} that the reader schema is compatible with the registered
         * versions of {@code subject} under {@code mode}, the reader playing the new schema: with
         * {@code BACKWARD_TRANSITIVE} it must read data of every version. An empty subject passes.
         * The checked versions' readers are prepared at the same time.
         */
        public Builder<T> requireCompatibleWith(String subject, CompatibilityMode mode) {
            this.checkedSubject = Objects.requireNonNull(subject, "subject");
            this.checkMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Most writer schemas whose readers are cached, per framing; 1024 by default. */
        public Builder<T> cacheSize(int cacheSize) {
            this.cacheSize = AvroSerializer.requirePositive(cacheSize, "cacheSize");
            return this;
        }

        /** Most idle decoders kept for reuse; 16 by default. */
        public Builder<T> poolSize(int poolSize) {
            this.poolSize = AvroSerializer.requirePositive(poolSize, "poolSize");
            return this;
        }

        /**
         * The deserializer.
         *
         * @throws io.sluice.serde.avro.registry.IncompatibleSchemaException if a compatibility
         *     check was requested and fails
         * @throws IllegalStateException if a check was requested for a generic reader without a
         *     reader schema
         */
        public AvroDeserializer<T> build() {
            AvroDeserializer<T> deserializer = new AvroDeserializer<>(this);
            if (checkedSubject != null) {
                Schema reader = model.readerSchema();
                if (reader == null) {
                    throw new IllegalStateException("a compatibility check of subject '" + checkedSubject
                            + "' needs a reader schema; a generic reader without one reads every writer schema as is");
                }
                List<RegisteredSchema> history = registry.history(checkedSubject);
                Compatibility.requireCompatible("reader schema", checkedSubject, checkMode, reader, history);
                deserializer.prepare(history);
            }
            return deserializer;
        }
    }

    private void prepare(List<RegisteredSchema> history) {
        for (RegisteredSchema rs : history) {
            byFingerprint.get(rs.fingerprint(), k -> entryFor(SchemaRef.fingerprint(rs.fingerprint()), rs.schema()));
            byId.get((long) rs.id(), k -> entryFor(SchemaRef.schemaId(rs.id()), rs.schema()));
        }
    }
}
