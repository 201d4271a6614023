package io.sluice.serde.avro.bench;

import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.mq.client.serde.MessagePropertiesSink;
import io.sluice.serde.avro.AvroDeserializer;
import io.sluice.serde.avro.AvroSerializer;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: what does the Sluice Avro serde cost over plain Avro binary encoding of the same
 * 20-field generic record? Target: at most 10% more time per record in each direction.
 *
 * <p>Baseline ({@code plain*}): {@link GenericDatumWriter} into a reused {@link BinaryEncoder} over
 * a reset {@link ByteArrayOutputStream}, and {@link GenericDatumReader} with a reused {@link
 * BinaryDecoder}: the cheapest correct use of Avro, with no framing and no schema lookup. Sluice
 * ({@code sluice*}): {@link AvroSerializer} and {@link AvroDeserializer} with single-object
 * framing, header detection, cached writer/reader lookup, pooled encoders and decoders, and the
 * trailing-byte check. The property sink discards (its cost belongs to the client's message).
 *
 * <p>Run: see {@code docs/perf/2026-11-24-serde-avro.md}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AvroSerdeBenchmark {

    private static final String TOPIC = "bench";
    private static final MessageCoordinates AT = new MessageCoordinates(TOPIC, 0, 0L);

    private GenericRecord record;

    private GenericDatumWriter<GenericRecord> plainWriter;
    private GenericDatumReader<GenericRecord> plainReader;
    private ByteArrayOutputStream plainOut;
    private BinaryEncoder plainEncoder;
    private BinaryDecoder plainDecoder;
    private byte[] plainBytes;

    private AvroSerializer<GenericRecord> serializer;
    private AvroDeserializer<GenericRecord> deserializer;
    private byte[] framedBytes;

    @Setup
    public void setUp() throws IOException {
        Schema schema = twentyFieldSchema();
        record = twentyFieldRecord(schema);

        plainWriter = new GenericDatumWriter<>(schema);
        plainReader = new GenericDatumReader<>(schema);
        plainOut = new ByteArrayOutputStream(512);
        plainBytes = plainSerialize();

        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(CompatibilityMode.BACKWARD);
        serializer = AvroSerializer.generic(registry).build();
        deserializer = AvroDeserializer.generic(registry).build();
        framedBytes = sluiceSerialize();
        if (framedBytes.length != plainBytes.length + 10) {
            throw new IllegalStateException("framed body should be the plain body plus a 10-byte header");
        }
    }

    @Benchmark
    public byte[] plainSerialize() throws IOException {
        plainOut.reset();
        plainEncoder = EncoderFactory.get().binaryEncoder(plainOut, plainEncoder);
        plainWriter.write(record, plainEncoder);
        plainEncoder.flush();
        return plainOut.toByteArray();
    }

    @Benchmark
    public byte[] sluiceSerialize() {
        return serializer.serialize(TOPIC, record, MessagePropertiesSink.discarding());
    }

    @Benchmark
    public GenericRecord plainDeserialize() throws IOException {
        plainDecoder = DecoderFactory.get().binaryDecoder(plainBytes, plainDecoder);
        return plainReader.read(null, plainDecoder);
    }

    @Benchmark
    public GenericRecord sluiceDeserialize() {
        return deserializer.deserialize(AT, framedBytes, Map.of());
    }

    /** 20 fields typical of an event: ids, counters, amounts, names, a flag, an enum, an option. */
    static Schema twentyFieldSchema() {
        return SchemaBuilder.record("Event")
                .namespace("io.sluice.bench")
                .fields()
                .requiredLong("eventId")
                .requiredLong("timestampMillis")
                .requiredLong("customerId")
                .requiredLong("orderId")
                .requiredLong("amountCents")
                .requiredInt("quantity")
                .requiredInt("shopId")
                .requiredInt("region")
                .requiredInt("attempt")
                .requiredInt("version")
                .requiredString("customerName")
                .requiredString("email")
                .requiredString("city")
                .requiredString("sku")
                .requiredDouble("latitude")
                .requiredDouble("longitude")
                .requiredBoolean("express")
                .name("status")
                .type()
                .enumeration("Status")
                .symbols("NEW", "PAID", "SHIPPED", "DELIVERED")
                .noDefault()
                .optionalString("note")
                .requiredBytes("checksum")
                .endRecord();
    }

    static GenericRecord twentyFieldRecord(Schema schema) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("eventId", 9_123_456_789L);
        r.put("timestampMillis", 1_795_000_000_000L);
        r.put("customerId", 42_424_242L);
        r.put("orderId", 77_777_777_777L);
        r.put("amountCents", 129_99L);
        r.put("quantity", 3);
        r.put("shopId", 1_204);
        r.put("region", 7);
        r.put("attempt", 1);
        r.put("version", 2);
        r.put("customerName", "Ada Lovelace");
        r.put("email", "ada@example.com");
        r.put("city", "Zürich");
        r.put("sku", "SKU-000-123-XL");
        r.put("latitude", 47.3769);
        r.put("longitude", 8.5417);
        r.put("express", true);
        r.put("status", new GenericData.EnumSymbol(schema.getField("status").schema(), "PAID"));
        r.put("note", "leave at the door");
        r.put("checksum", ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        return r;
    }
}
