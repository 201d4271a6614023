package io.sluice.connector.flink.e2e;

import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.serde.avro.AvroSerializer;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Bad bodies interleaved with the payments, one kind after another: a body that is not framed
 * Avro, a framed body whose writer schema the job's registry does not know, and a body of a
 * schema the job's registry knows but the pipeline's reader schema cannot read (an older {@code
 * PaymentIn} without {@code seq} and {@code amount}). Remembers where each one was stored. Not
 * thread-safe; used by the test thread.
 */
final class BadPayments implements PaymentInput.BadInput {

    /** The kinds of bad body and a fragment of the error each must be dead-lettered with. */
    enum Kind {
        CORRUPT("not a framed Avro body"),
        UNKNOWN_SCHEMA("unknown writer schema"),
        MISMATCHED_SCHEMA("cannot read writer schema");

        final String error;

        Kind(String error) {
            this.error = error;
        }
    }

    /** One bad message as written: its kind, body and source coordinates. */
    record Written(Kind kind, byte[] body, int queueId, long queueOffset) {}

    private static final Schema OLD_PAYMENT = SchemaBuilder.record("PaymentIn")
            .namespace("io.sluice.e2e")
            .fields()
            .requiredLong("id")
            .requiredString("key")
            .endRecord();
    private static final Schema STRANGER =
            SchemaBuilder.record("Stranger").fields().requiredInt("x").endRecord();

    private final Producer producer;
    private final String topic;
    private final AvroSerializer<GenericRecord> known;
    private final AvroSerializer<GenericRecord> unknown;
    private final int everyRounds;
    private final List<Written> written = new ArrayList<>();

    /**
     * @param registry the job's registry (the mismatched schema is registered there)
     * @param strangers a registry the job never reads
     * @param everyRounds how often, in input rounds, a key's queue gets a bad body
     */
    BadPayments(Producer producer, String topic, SchemaRegistry registry, SchemaRegistry strangers, int everyRounds) {
        this.producer = producer;
        this.topic = topic;
        this.known = AvroSerializer.generic(registry).build();
        this.unknown = AvroSerializer.generic(strangers).build();
        this.everyRounds = everyRounds;
    }

    @Override
    public void after(int round, String key) {
        if (round % everyRounds != 0) {
            return;
        }
        Kind kind = Kind.values()[written.size() % Kind.values().length];
        Message message =
                switch (kind) {
                    case CORRUPT ->
                        Message.builder(topic)
                                .body(("not avro #" + written.size()).getBytes(StandardCharsets.UTF_8))
                                .build();
                    case UNKNOWN_SCHEMA -> {
                        GenericRecord stranger = new GenericData.Record(STRANGER);
                        stranger.put("x", written.size());
                        yield Message.builder(topic).value(stranger, unknown).build();
                    }
                    case MISMATCHED_SCHEMA -> {
                        GenericRecord old = new GenericData.Record(OLD_PAYMENT);
                        old.put("id", -1L - written.size());
                        old.put("key", key);
                        yield Message.builder(topic).value(old, known).build();
                    }
                };
        SendResult result = producer.send(message, key);
        written.add(new Written(kind, message.body(), result.queue().queueId(), result.queueOffset()));
    }

    List<Written> written() {
        return List.copyOf(written);
    }
}
