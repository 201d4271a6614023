package io.sluice.serde.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.serde.avro.format.WireFormat;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Round trips of random generic records over random schemas (nested records, arrays, maps,
 * nullable unions, enums, fixed, every primitive), in both wire formats.
 *
 * <p>The property runs with jqwik's seed, which jqwik prints in its report (replay with {@code
 * @Property(seed = "...")}); the example below runs the same check from {@code -Dmq.test.seed=} or
 * a fresh seed that it prints.
 */
class AvroRoundTripPropertyTest {

    record Case(List<RandomRecords.TypeSpec> fields, long valueSeed, WireFormat format) {
        Schema schema() {
            return RandomRecords.toSchema(fields);
        }

        @Override
        public String toString() {
            return format + " valueSeed=" + valueSeed + " schema=" + schema();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(RandomRecords.recordFields(2), Arbitraries.longs(), Arbitraries.of(WireFormat.class))
                .as(Case::new);
    }

    @Property(tries = 300)
    void genericRecordsRoundTrip(@ForAll("cases") Case c) {
        check(c);
    }

    @Example
    void casesFromTheCommandLineSeed() {
        long seed = Long.getLong("mq.test.seed", new Random().nextLong());
        System.out.println("AvroRoundTripPropertyTest seed=" + seed + " (replay with -Dmq.test.seed=" + seed + ")");
        Random random = new Random(seed);
        var generator = cases().generator(100);
        for (int i = 0; i < 100; i++) {
            check(generator.next(random).value());
        }
    }

    private static void check(Case c) {
        Schema schema = c.schema();
        GenericRecord original = RandomRecords.record(schema, new Random(c.valueSeed()));
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(CompatibilityMode.BACKWARD);
        RecordingSink sink = new RecordingSink();

        byte[] body =
                AvroSerializer.generic(registry).format(c.format()).build().serialize("t", original, sink);
        GenericRecord decoded = AvroDeserializer.generic(registry)
                .build()
                .deserialize(new MessageCoordinates("t", 0, 0), body, sink.properties);

        byte[] plain = plainEncoding(original);
        assertThat(Arrays.copyOfRange(body, c.format().headerLength(), body.length))
                .as("the body after the header is Avro's plain binary encoding")
                .isEqualTo(plain);
        // Compared as plain Java values: decoded maps iterate in another order (so re-encoding may
        // differ byte-wise) and hold Utf8 keys, which Avro's own equality mishandles in nested maps.
        assertThat(normalize(decoded))
                .as("the decoded record equals the original")
                .isEqualTo(normalize(original));
        assertThat(GenericData.get().validate(schema, decoded)).isTrue();
        assertThat(sink.properties).containsKey(c.format().propertyName());
    }

    private static byte[] plainEncoding(GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records and arrays to lists, maps to sorted maps, strings and symbols to String, bytes to lists. */
    private static Object normalize(Object value) {
        if (value instanceof IndexedRecord record) {
            List<Object> fields = new ArrayList<>();
            for (int i = 0; i < record.getSchema().getFields().size(); i++) {
                fields.add(normalize(record.get(i)));
            }
            return fields;
        } else if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>();
            items.forEach(item -> out.add(normalize(item)));
            return out;
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(k.toString(), normalize(v)));
            return out;
        } else if (value instanceof ByteBuffer bytes) {
            return normalize(Arrays.asList(toBoxed(bytes.duplicate())));
        } else if (value instanceof GenericFixed fixed) {
            return normalize(Arrays.asList(toBoxed(ByteBuffer.wrap(fixed.bytes()))));
        } else if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?>) {
            return value.toString();
        }
        return value; // null, Boolean, Integer, Long, Float, Double (equals treats NaN as equal)
    }

    private static Byte[] toBoxed(ByteBuffer buffer) {
        Byte[] out = new Byte[buffer.remaining()];
        for (int i = 0; i < out.length; i++) {
            out[i] = buffer.get();
        }
        return out;
    }
}
