package io.sluice.serde.avro;

import static io.sluice.serde.avro.Fixtures.AT;
import static io.sluice.serde.avro.Fixtures.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.serde.MessagePropertiesSink;
import io.sluice.serde.avro.format.Framing;
import io.sluice.serde.avro.format.SchemaRef;
import io.sluice.serde.avro.format.WireFormat;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.InMemorySchemaRegistry;
import io.sluice.serde.avro.registry.RegisteredSchema;
import io.sluice.serde.avro.test.Order;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoundTripTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(CompatibilityMode.BACKWARD);

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void genericRecordRoundTrips(WireFormat format) {
        Schema v1 = Fixtures.schema("order-v1");
        GenericRecord original = Fixtures.v1Order(v1, 11);
        RecordingSink sink = new RecordingSink();

        byte[] body = AvroSerializer.generic(registry).format(format).build().serialize(TOPIC, original, sink);
        GenericRecord decoded = AvroDeserializer.generic(registry).build().deserialize(AT, body, sink.properties);

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.getSchema()).isEqualTo(v1);
        assertHeaderAndProperty(format, body, sink, registry.history(TOPIC).get(0));
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void specificRecordRoundTrips(WireFormat format) {
        Order original = Fixtures.order(7);
        RecordingSink sink = new RecordingSink();

        byte[] body = AvroSerializer.specific(Order.class, registry)
                .format(format)
                .build()
                .serialize(TOPIC, original, sink);
        Order decoded = AvroDeserializer.specific(Order.class, registry).build().deserialize(AT, body, Map.of());

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.getNote()).isEqualTo("fragile");
        assertHeaderAndProperty(format, body, sink, registry.history(TOPIC).get(0));
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void reflectRecordRoundTrips(WireFormat format) {
        ReflectOrder original = new ReflectOrder(5, "ada", 12.5, List.of("a", "b"));
        RecordingSink sink = new RecordingSink();

        byte[] body = AvroSerializer.reflect(ReflectOrder.class, registry)
                .format(format)
                .build()
                .serialize(TOPIC, original, sink);
        ReflectOrder decoded =
                AvroDeserializer.reflect(ReflectOrder.class, registry).build().deserialize(AT, body, Map.of());

        assertThat(decoded).isEqualTo(original);
        assertHeaderAndProperty(format, body, sink, registry.history(TOPIC).get(0));
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void genericReaderReadsSpecificWriterWithTheWriterSchema(WireFormat format) {
        Order original = Fixtures.order(8);
        byte[] body = AvroSerializer.specific(Order.class, registry)
                .format(format)
                .build()
                .serialize(TOPIC, original, new RecordingSink());

        GenericRecord decoded = AvroDeserializer.generic(registry).build().deserialize(AT, body, Map.of());

        assertThat(decoded.getSchema()).isEqualTo(Order.getClassSchema());
        assertThat(decoded.get("customer").toString()).isEqualTo("customer-8");
        assertThat(decoded.get("note")).isNull();
        assertThat(decoded.get("currency").toString()).isEqualTo("CHF");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void oneDeserializerReadsBothFramings(WireFormat format) {
        AvroDeserializer<Order> reader =
                AvroDeserializer.specific(Order.class, registry).build();
        byte[] single = AvroSerializer.specific(Order.class, registry)
                .build()
                .serialize(TOPIC, Fixtures.order(1), MessagePropertiesSink.discarding());
        byte[] other = AvroSerializer.specific(Order.class, registry)
                .format(format)
                .build()
                .serialize(TOPIC, Fixtures.order(2), MessagePropertiesSink.discarding());

        assertThat(reader.deserialize(AT, single, Map.of()).getId()).isEqualTo(1);
        assertThat(reader.deserialize(AT, other, Map.of()).getId()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void theSameSchemaOnTwoTopicsKeepsOneIdAndFingerprint(WireFormat format) {
        AvroSerializer<Order> serializer =
                AvroSerializer.specific(Order.class, registry).format(format).build();
        byte[] a = serializer.serialize("orders-eu", Fixtures.order(1), MessagePropertiesSink.discarding());
        byte[] b = serializer.serialize("orders-us", Fixtures.order(1), MessagePropertiesSink.discarding());

        assertThat(a).isEqualTo(b);
        assertThat(registry.history("orders-eu").get(0).id())
                .isEqualTo(registry.history("orders-us").get(0).id());
    }

    private static void assertHeaderAndProperty(
            WireFormat format, byte[] body, RecordingSink sink, RegisteredSchema registered) {
        assertThat(Framing.detect(body)).isEqualTo(format);
        if (format == WireFormat.SINGLE_OBJECT) {
            assertThat(body[0]).isEqualTo((byte) 0xC3);
            assertThat(body[1]).isEqualTo((byte) 0x01);
            assertThat(Framing.readFingerprint(body)).isEqualTo(registered.fingerprint());
            assertThat(sink.properties)
                    .containsExactly(Map.entry(
                            "sluice.avro.fingerprint",
                            SchemaRef.fingerprint(registered.fingerprint()).propertyValue()));
            assertThat(sink.properties.get("sluice.avro.fingerprint")).hasSize(16);
        } else {
            assertThat(body[0]).isZero();
            assertThat(Framing.readSchemaId(body)).isEqualTo(registered.id());
            assertThat(sink.properties)
                    .containsExactly(Map.entry("sluice.avro.schema.id", Integer.toString(registered.id())));
        }
    }
}
