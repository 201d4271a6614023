package io.sluice.serde.avro;

import static io.sluice.serde.avro.Fixtures.AT;
import static io.sluice.serde.avro.Fixtures.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.mq.client.serde.MessagePropertiesSink;
import io.sluice.serde.avro.format.Framing;
import io.sluice.serde.avro.format.SchemaRef;
import io.sluice.serde.avro.format.WireFormat;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.InMemorySchemaRegistry;
import io.sluice.serde.avro.test.Order;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every kind of bad input gives its typed exception, naming topic, queue, offset and schema. */
class BadInputTest {

    private static final String WHERE = "topic orders, queue 3, offset 42";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(CompatibilityMode.BACKWARD);
    private final AvroDeserializer<Order> reader =
            AvroDeserializer.specific(Order.class, registry).build();

    private byte[] validBody(WireFormat format) {
        return AvroSerializer.specific(Order.class, registry)
                .format(format)
                .build()
                .serialize(TOPIC, Fixtures.order(9), MessagePropertiesSink.discarding());
    }

    @Test
    void unknownFingerprint() {
        byte[] body = validBody(WireFormat.SINGLE_OBJECT);
        body[5] ^= 0x40;
        SchemaRef unknown = SchemaRef.fingerprint(Framing.readFingerprint(body));

        assertThatThrownBy(() -> reader.deserialize(AT, body, Map.of()))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("no schema with this fingerprint")
                .hasMessageContaining(WHERE)
                .hasMessageContaining(unknown.toString())
                .satisfies(
                        e -> assertThat(((AvroRecordException) e).schemaRef()).contains(unknown));
    }

    @Test
    void unknownSchemaId() {
        byte[] body = validBody(WireFormat.CONFLUENT);
        System.arraycopy(Framing.header(SchemaRef.schemaId(999)), 0, body, 0, 5);

        assertThatThrownBy(() -> reader.deserialize(AT, body, Map.of()))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("no schema with this id")
                .hasMessageContaining(WHERE + ", schema id 999");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void everyTruncationIsMalformed(WireFormat format) {
        byte[] body = validBody(format);

        for (int length = 0; length < body.length; length++) {
            byte[] cut = Arrays.copyOf(body, length);
            assertThatThrownBy(() -> reader.deserialize(AT, cut, Map.of()))
                    .as("body cut to %d of %d bytes", length, body.length)
                    .isInstanceOf(MalformedPayloadException.class)
                    .hasMessageContaining(WHERE);
        }
    }

    @Test
    void truncatedBodyNamesTheSchemaAndTheCause() {
        byte[] body = validBody(WireFormat.SINGLE_OBJECT);
        byte[] cut = Arrays.copyOf(body, body.length - 3);

        assertThatThrownBy(() -> reader.deserialize(AT, cut, Map.of()))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("truncated or corrupt Avro body")
                .hasMessageContaining("EOFException")
                .hasMessageContaining(
                        SchemaRef.fingerprint(Framing.readFingerprint(body)).toString())
                .hasMessageContaining(WHERE);
    }

    @Test
    void corruptLengthsAndUnionIndexesAreMalformed() {
        Schema schema = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"U\",\"fields\":["
                        + "{\"name\":\"s\",\"type\":\"string\"},{\"name\":\"u\",\"type\":[\"null\",\"string\"]}]}");
        long fingerprint = registry.register("u", schema).fingerprint();
        AvroDeserializer<GenericRecord> generic =
                AvroDeserializer.generic(registry).build();
        byte[] header = Framing.header(SchemaRef.fingerprint(fingerprint));

        byte[] negativeLength = concat(header, new byte[] {0x01});
        byte[] badUnionIndex = concat(header, new byte[] {0x02, 'a', 0x0A});

        assertThatThrownBy(() -> generic.deserialize(AT, negativeLength, Map.of()))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("Length is negative")
                .hasMessageContaining(WHERE);
        assertThatThrownBy(() -> generic.deserialize(AT, badUnionIndex, Map.of()))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining(WHERE);
    }

    @Test
    void trailingBytesAreMalformed() {
        byte[] body = concat(validBody(WireFormat.SINGLE_OBJECT), new byte[] {0x00});

        assertThatThrownBy(() -> reader.deserialize(AT, body, Map.of()))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("bytes left over")
                .hasMessageContaining(WHERE);
    }

    @Test
    void unframedBodiesAreMalformedWithTheirFirstBytes() {
        byte[] json = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> reader.deserialize(AT, json, Map.of()))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("not a framed Avro body: body of 8 bytes starts with 7B 22 69 64")
                .hasMessageContaining(WHERE)
                .satisfies(
                        e -> assertThat(((AvroRecordException) e).schemaRef()).isEmpty());
        assertThatThrownBy(() -> reader.deserialize(AT, new byte[0], Map.of()))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void aValueThatDoesNotMatchItsSchemaIsASchemaMismatchOnTheWritingSide() {
        Schema v1 = Fixtures.schema("order-v1");
        GenericRecord missingCustomer = Fixtures.v1Order(v1, 1);
        missingCustomer.put("customer", null);
        AvroSerializer<GenericRecord> serializer =
                AvroSerializer.generic(registry).build();

        assertThatThrownBy(() -> serializer.serialize(TOPIC, missingCustomer, MessagePropertiesSink.discarding()))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining("cannot encode")
                .hasMessageContaining("topic orders")
                .hasMessageContaining(
                        SchemaRef.fingerprint(SchemaRef.fingerprintOf(v1)).toString());
        // The failed encoder was dropped, not pooled: the next record is clean.
        GenericRecord good = Fixtures.v1Order(v1, 2);
        byte[] body = serializer.serialize(TOPIC, good, MessagePropertiesSink.discarding());
        assertThat(AvroDeserializer.generic(registry).build().deserialize(AT, body, Map.of()))
                .isEqualTo(good);
    }

    @Test
    void anUnregisteredSchemaWithoutAutoRegistrationIsUnknown() {
        AvroSerializer<Order> serializer = AvroSerializer.specific(Order.class, registry)
                .autoRegister(false)
                .build();

        assertThatThrownBy(() -> serializer.serialize(TOPIC, Fixtures.order(1), MessagePropertiesSink.discarding()))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("not registered under subject 'orders'")
                .hasMessageContaining("auto-registration is off");

        registry.register(TOPIC, Order.getClassSchema());
        assertThat(serializer.serialize(TOPIC, Fixtures.order(1), MessagePropertiesSink.discarding()))
                .isNotEmpty();
    }

    /** Random bit flips: every outcome is a value or a typed record error, never anything else. */
    @Test
    void randomCorruptionOnlyEverYieldsTypedRecordErrors() {
        long seed = Long.getLong("mq.test.seed", new Random().nextLong());
        System.out.println("BadInputTest.randomCorruption seed=" + seed + " (replay with -Dmq.test.seed=" + seed + ")");
        Random random = new Random(seed);
        byte[][] bodies = {validBody(WireFormat.SINGLE_OBJECT), validBody(WireFormat.CONFLUENT)};
        AvroDeserializer<GenericRecord> generic =
                AvroDeserializer.generic(registry).build();

        for (int i = 0; i < 3000; i++) {
            byte[] body = bodies[i % 2].clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
            }
            Throwable thrown = catchThrowable(() -> {
                reader.deserialize(AT, body, Map.of());
                generic.deserialize(AT, body, Map.of());
            });
            if (thrown != null) {
                assertThat(thrown)
                        .as("seed %d, case %d, body %s", seed, i, Arrays.toString(body))
                        .isInstanceOf(AvroRecordException.class)
                        .hasMessageContaining(WHERE);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
