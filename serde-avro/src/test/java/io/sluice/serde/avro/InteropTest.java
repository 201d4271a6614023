package io.sluice.serde.avro;

import static io.sluice.serde.avro.Fixtures.AT;
import static io.sluice.serde.avro.Fixtures.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.serde.MessagePropertiesSink;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.InMemorySchemaRegistry;
import io.sluice.serde.avro.test.Order;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Bytes made by independent encoders (Avro's own, framing by hand) decode, and ours decode in Avro. */
class InteropTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(CompatibilityMode.BACKWARD);
    private final Schema v1 = Fixtures.schema("order-v1");

    @Test
    void confluentFramedBytesWrittenByHandDecode() throws IOException {
        int id = registry.register(TOPIC, v1).id();
        GenericRecord original = Fixtures.v1Order(v1, 21);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0); // Confluent magic byte
        out.write(ByteBuffer.allocate(4).putInt(id).array()); // big-endian schema id
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1).write(original, encoder);
        encoder.flush();
        byte[] body = out.toByteArray();

        assertThat(AvroDeserializer.generic(registry).build().deserialize(AT, body, Map.of()))
                .isEqualTo(original);
        assertThat(AvroDeserializer.specific(Order.class, registry)
                        .build()
                        .deserialize(AT, body, Map.of())
                        .getCustomer())
                .isEqualTo("customer-21");
    }

    @Test
    void singleObjectBytesFromAvrosBinaryMessageEncoderDecode() throws IOException {
        registry.register(TOPIC, v1);
        GenericRecord original = Fixtures.v1Order(v1, 22);
        byte[] generic = toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(original));
        Order order = Fixtures.order(23);
        registry.register("specific", Order.getClassSchema());
        byte[] specific = toArray(Order.getEncoder().encode(order));

        assertThat(AvroDeserializer.generic(registry).build().deserialize(AT, generic, Map.of()))
                .isEqualTo(original);
        assertThat(AvroDeserializer.specific(Order.class, registry).build().deserialize(AT, specific, Map.of()))
                .isEqualTo(order);
    }

    @Test
    void ourSingleObjectBytesDecodeWithAvrosBinaryMessageDecoder() throws IOException {
        Order order = Fixtures.order(24);
        byte[] body = AvroSerializer.specific(Order.class, registry)
                .build()
                .serialize(TOPIC, order, MessagePropertiesSink.discarding());

        assertThat(Order.getDecoder().decode(body)).isEqualTo(order);
        assertThat(body).isEqualTo(toArray(Order.getEncoder().encode(order)));
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
