package io.sluice.connector.flink.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.connector.flink.source.reader.BadRecordHandler;
import io.sluice.connector.flink.source.reader.deserializer.AvroDeserializationSchema;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.serde.avro.AvroSerializer;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.CompatibilityPolicy;
import io.sluice.serde.avro.registry.DirectorySchemaRegistry;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.function.SerializableSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro bodies through serde-avro, and the bad-record policies: a corrupt body and a body of an
 * unknown schema among good Avro records either fail the job naming queue and offset, are
 * skipped, or land in the dead-letter topic with their source coordinates and the error.
 */
class AvroAndBadRecordTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Schema ORDER = SchemaBuilder.record("Order")
            .fields()
            .requiredString("id")
            .requiredLong("cents")
            .endRecord();

    @TempDir
    Path dir;

    @Test
    void deadLetterPolicyKeepsGoodRecordsAndParksBadOnesWithTheirCoordinates() throws Exception {
        try (EmbeddedSluice sluice = new EmbeddedSluice(dir.resolve("broker"))) {
            MessageQueue queue = fill(sluice);
            sluice.createTopic("orders-dlq", 1);
            List<String> out = run(source(sluice, "g-dlq").setDeadLetterTopic("orders-dlq"));
            assertThat(out).containsExactly("o-0:100", "o-1:101", "o-2:102", "o-3:103");

            List<ReceivedMessage> parked = sluice.readAll("orders-dlq", "dlq-reader", 2);
            assertThat(parked).hasSize(2);
            assertThat(parked).allSatisfy(m -> {
                assertThat(m.property(BadRecordHandler.SOURCE_TOPIC)).isEqualTo("orders");
                assertThat(m.property(BadRecordHandler.SOURCE_QUEUE_ID)).isEqualTo("" + queue.queueId());
                assertThat(m.property(BadRecordHandler.SOURCE_BROKER)).isEqualTo(queue.brokerName());
                assertThat(m.property(BadRecordHandler.ERROR)).isNotBlank();
            });
            assertThat(parked.stream().map(m -> m.property(BadRecordHandler.SOURCE_OFFSET)))
                    .containsExactlyInAnyOrder("2", "4");
            assertThat(new String(parked.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
        }
    }

    @Test
    void skipPolicyDropsBadRecords() throws Exception {
        try (EmbeddedSluice sluice = new EmbeddedSluice(dir.resolve("broker"))) {
            fill(sluice);
            List<String> out = run(source(sluice, "g-skip").setBadRecordPolicy(BadRecordPolicy.SKIP));
            assertThat(out).containsExactly("o-0:100", "o-1:101", "o-2:102", "o-3:103");
        }
    }

    @Test
    void failPolicyFailsTheJobNamingTheMessage() throws Exception {
        try (EmbeddedSluice sluice = new EmbeddedSluice(dir.resolve("broker"))) {
            MessageQueue queue = fill(sluice);
            assertThatThrownBy(() -> run(source(sluice, "g-fail")))
                    .rootCause()
                    .hasMessageContaining("not a framed Avro body")
                    .hasMessageContaining("(topic orders, queue " + queue.queueId() + ", offset 2)");
        }
    }

    /** Offsets 0,1 good; 2 garbage; 3 good; 4 a framed body of a schema the registry lacks; 5,6 good. */
    private MessageQueue fill(EmbeddedSluice sluice) throws Exception {
        MessageQueue queue = sluice.createTopic("orders", 1).get(0);
        SchemaRegistry registry = registry(dir.resolve("schemas").toString()).get();
        SchemaRegistry other = registry(dir.resolve("other-schemas").toString()).get();
        AvroSerializer<GenericRecord> serializer =
                AvroSerializer.generic(registry).build();
        Schema unknown =
                SchemaBuilder.record("Unknown").fields().requiredInt("x").endRecord();
        AvroSerializer<GenericRecord> stranger = AvroSerializer.generic(other).build();
        Producer producer = sluice.client().newProducer(ProducerConfig.of("avro-test-producer"));
        List<Message> messages = new ArrayList<>();
        messages.add(
                Message.builder("orders").value(order("o-0", 100), serializer).build());
        messages.add(
                Message.builder("orders").value(order("o-1", 101), serializer).build());
        messages.add(Message.builder("orders")
                .body("not avro at all".getBytes(StandardCharsets.UTF_8))
                .build());
        messages.add(
                Message.builder("orders").value(order("o-2", 102), serializer).build());
        GenericRecord odd = new GenericData.Record(unknown);
        odd.put("x", 1);
        messages.add(Message.builder("orders").value(odd, stranger).build());
        messages.add(
                Message.builder("orders").value(order("o-3", 103), serializer).build());
        for (Message message : messages) {
            producer.send(message, queue);
        }
        awaitIndexed(sluice, queue, messages.size());
        return queue;
    }

    /**
     * Waits until the broker's max offset covers every acknowledged send: a send is acknowledged once
     * written and indexed a moment later, and a bounded read resolving "latest" in between would read
     * nothing (seen under load in a full build).
     */
    private static void awaitIndexed(EmbeddedSluice sluice, MessageQueue queue, long end) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sluice.maxOffset(queue) < end) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(queue + " did not reach offset " + end + " within 20 s");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static GenericRecord order(String id, long cents) {
        GenericRecord record = new GenericData.Record(ORDER);
        record.put("id", id);
        record.put("cents", cents);
        return record;
    }

    private static SerializableSupplier<SchemaRegistry> registry(String path) {
        return () -> DirectorySchemaRegistry.open(Path.of(path), CompatibilityPolicy.of(CompatibilityMode.BACKWARD));
    }

    private SluiceSourceBuilder<String> source(EmbeddedSluice sluice, String group) {
        return SluiceSource.<String>builder()
                .setNamesrvAddresses(sluice.namesrv())
                .setGroup(group)
                .setTopics("orders")
                .setBounded(StoppingOffsets.latest())
                .setDeserializer(AvroDeserializationSchema.generic(
                        registry(dir.resolve("schemas").toString()),
                        r -> r.get("id") + ":" + r.get("cents"),
                        Types.STRING));
    }

    private static List<String> run(SluiceSourceBuilder<String> builder) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it = env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "avro")
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
