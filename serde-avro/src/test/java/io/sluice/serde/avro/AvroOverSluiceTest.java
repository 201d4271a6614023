package io.sluice.serde.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import io.sluice.serde.avro.registry.BrokerSchemaRegistry;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.CompatibilityPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro records through a real Sluice broker with Sluice's client and the broker-backed registry:
 * a v1 producer and a v2 producer write to one topic; a consumer with its own registry instance
 * (another client, as another process would have) reads both into the v2 reader schema.
 */
class AvroOverSluiceTest {

    @TempDir
    Path directory;

    private static final Schema V1 = SchemaBuilder.record("Order")
            .fields()
            .requiredString("id")
            .requiredLong("cents")
            .endRecord();
    private static final Schema V2 = SchemaBuilder.record("Order")
            .fields()
            .requiredString("id")
            .requiredLong("cents")
            .name("currency")
            .type()
            .stringType()
            .stringDefault("EUR")
            .endRecord();

    @Test
    void recordsOfTwoSchemaVersionsTravelThroughTheBrokerAndResolveToTheReaderSchema() throws Exception {
        SystemClock clock = new SystemClock();
        CompatibilityPolicy policy = CompatibilityPolicy.of(CompatibilityMode.BACKWARD);
        try (StandaloneCluster cluster = StandaloneCluster.start(
                        BrokerConfig.builder(directory).ephemeralLoopback().build(), clock);
                MqClient producerSide = MqClient.start(ClientConfig.builder(cluster.namesrvAddress())
                        .instanceName("avro-producer")
                        .build());
                MqClient consumerSide = MqClient.start(ClientConfig.builder(cluster.namesrvAddress())
                        .instanceName("avro-consumer")
                        .build());
                BrokerSchemaRegistry writerRegistry = BrokerSchemaRegistry.open(
                        producerSide, BrokerSchemaRegistry.DEFAULT_TOPIC, policy, clock, Duration.ofSeconds(20))) {
            producerSide.admin().createTopic("orders", 1);
            AvroSerializer<GenericRecord> serializer =
                    AvroSerializer.generic(writerRegistry).build();
            Producer producer = producerSide.newProducer(ProducerConfig.of("avro-producer"));
            producer.send(Message.builder("orders")
                    .value(order(V1, "o-1", null), serializer)
                    .build());
            producer.send(Message.builder("orders")
                    .value(order(V2, "o-2", "USD"), serializer)
                    .build());

            List<GenericRecord> read = new ArrayList<>();
            try (BrokerSchemaRegistry readerRegistry = BrokerSchemaRegistry.open(
                    consumerSide, BrokerSchemaRegistry.DEFAULT_TOPIC, policy, clock, Duration.ofSeconds(20))) {
                AvroDeserializer<GenericRecord> deserializer =
                        AvroDeserializer.generic(V2, readerRegistry).build();
                Consumer consumer = consumerSide.newConsumer(
                        ConsumerConfig.builder("avro-reader").build());
                List<MessageQueue> queues = consumer.fetchQueues("orders");
                consumer.assign(queues);
                consumer.seekToBeginning(queues);
                long deadline = clock.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (read.size() < 2 && clock.nanoTime() < deadline) {
                    for (ReceivedMessage message : consumer.poll(Duration.ofMillis(200))) {
                        read.add(message.value(deserializer));
                    }
                }
                consumer.close();
            }

            assertThat(read).extracting(r -> r.get("id").toString()).containsExactly("o-1", "o-2");
            assertThat(read).extracting(r -> r.get("currency").toString()).containsExactly("EUR", "USD");
        }
    }

    private static GenericRecord order(Schema schema, String id, String currency) {
        GenericData.Record record = new GenericData.Record(schema);
        record.put("id", id);
        record.put("cents", 1250L);
        if (currency != null) {
            record.put("currency", currency);
        }
        return record;
    }
}
