package io.sluice.connector.flink.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.serde.Deserializer;
import io.sluice.mq.common.MessageQueue;
import io.sluice.serde.avro.AvroDeserializer;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Reads the output topic the way any consumer does (a plain consumer only ever sees committed
 * transactions, the read_committed of Sluice) and checks it against the input: every payment
 * exactly once, transformed, and each key's payments in one queue in sequence order. Not
 * thread-safe; used by the test thread.
 *
 * @param deliveries what the output topic holds, queue by queue in offset order
 */
record PaymentOutput(List<Delivery> deliveries) {

    /** One output message: the decoded payment and where it is stored. */
    record Delivery(Payment payment, int queueId, long queueOffset) {}

    /**
     * Reads every queue of {@code topic} from its start until at least {@code atLeast} messages are
     * read and every queue is read to its end, within {@code timeout}.
     */
    static PaymentOutput read(MqClient client, SchemaRegistry registry, String topic, int atLeast, Duration timeout) {
        Deserializer<Payment> avro =
                AvroDeserializer.reflect(Payment.class, registry).build();
        return new PaymentOutput(readRaw(client, topic, atLeast, timeout).stream()
                .map(m -> new Delivery(m.value(avro), m.queue().queueId(), m.queueOffset()))
                .toList());
    }

    /** Like {@link #read}, undecoded: the messages queue by queue in offset order. */
    static List<ReceivedMessage> readRaw(MqClient client, String topic, int atLeast, Duration timeout) {
        List<ReceivedMessage> read = new ArrayList<>();
        try (Consumer consumer = client.newConsumer(ConsumerConfig.builder("e2e_reader_" + System.nanoTime())
                .pullSuspend(Duration.ofMillis(300))
                .startPosition(StartPosition.first())
                .build())) {
            List<MessageQueue> queues = consumer.fetchQueues(topic);
            consumer.assign(queues);
            consumer.seekToBeginning(queues);
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(20))
                    .alias(atLeast + " messages in " + topic)
                    .until(() -> {
                        read.addAll(consumer.poll(Duration.ofMillis(200)));
                        return read.size() >= atLeast
                                && queues.stream().allMatch(q -> consumer.position(q) == consumer.maxOffset(q));
                    });
        }
        read.sort(Comparator.comparing((ReceivedMessage m) -> m.queue().queueId())
                .thenComparingLong(ReceivedMessage::queueOffset));
        return read;
    }

    /** How many messages {@code topic} holds now (committed ones only). */
    static long visible(MqClient client, String topic) {
        return client.admin().queues(topic).stream()
                .mapToLong(q -> client.admin().maxOffset(q))
                .sum();
    }

    /**
     * Every input payment is in the output exactly once with its amount doubled, nothing else is,
     * and each key's payments share one queue in ascending sequence order without gaps.
     */
    void assertExactlyOnceInOrderPerKey(List<Payment> input, String context) {
        List<Long> ids = deliveries.stream().map(d -> d.payment().id).sorted().toList();
        assertThat(ids)
                .as("ids in the output, duplicates included (%s)", context)
                .hasSize(input.size())
                .doesNotHaveDuplicates()
                .isEqualTo(input.stream().map(p -> p.id).sorted().toList());
        Map<Long, Payment> byId = input.stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
        assertThat(deliveries).as("transformed payments (%s)", context).allSatisfy(d -> {
            Payment in = byId.get(d.payment().id);
            assertThat(d.payment()).isEqualTo(new Payment(in.id, in.key, in.seq, in.amount * 2));
        });
        Map<String, List<Delivery>> byKey = new LinkedHashMap<>();
        deliveries.forEach(d ->
                byKey.computeIfAbsent(d.payment().key, k -> new ArrayList<>()).add(d));
        byKey.forEach((key, mine) -> {
            assertThat(mine.stream().map(Delivery::queueId).distinct())
                    .as("output queues of %s (%s)", key, context)
                    .hasSize(1);
            assertThat(mine.stream().map(d -> d.payment().seq).toList())
                    .as("sequence numbers of %s in queue order (%s)", key, context)
                    .isEqualTo(LongStream.range(0, mine.size()).boxed().toList());
        });
    }
}
