package io.sluice.mq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Async sends from one thread to one queue are stored in the order they were issued, including the
 * burst issued while the client's connection to the broker is still opening (a bug: those sends
 * could be written out of order, found by the Flink sink's per-key order test).
 */
class AsyncSendOrderTest {

    private static final String TOPIC = "ordered-async";
    private static final int ROUNDS = 30;
    private static final int SENDS_PER_ROUND = 600;

    @TempDir
    Path dir;

    private StandaloneCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = StandaloneCluster.start(
                BrokerConfig.builder(dir)
                        .ephemeralLoopback()
                        .registerTimeout(Duration.ofSeconds(3))
                        .build(),
                new SystemClock());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private MqClient newClient(String name, long seed) {
        return new MqClient(
                        ClientConfig.builder(cluster.namesrvAddress())
                                .instanceName(name)
                                .clientIp("127.0.0.1")
                                .build(),
                        new SystemClock(),
                        new SplittableRandom(seed))
                .start();
    }

    @Test
    void burstOfAsyncSendsOnAFreshConnectionIsStoredInIssueOrder() throws Exception {
        int sequence = 0;
        for (int round = 0; round < ROUNDS; round++) {
            try (MqClient client = newClient("order-" + round, round)) {
                Producer producer =
                        client.newProducer(ProducerConfig.of("PG_order").withRetries(0));
                // The route is known before the burst, so only the broker connection is still opening.
                producer.send(Message.of(TOPIC, bytes(-1 - round)), "key");
            }
            try (MqClient client = newClient("order-b" + round, 100 + round)) {
                Producer producer =
                        client.newProducer(ProducerConfig.of("PG_order").withRetries(0));
                List<CompletableFuture<SendResult>> acks = new ArrayList<>(SENDS_PER_ROUND);
                for (int i = 0; i < SENDS_PER_ROUND; i++) {
                    acks.add(producer.sendAsync(Message.of(TOPIC, bytes(sequence++)), "key"));
                }
                for (CompletableFuture<SendResult> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
            }
        }
        List<Integer> stored = readSequences();
        assertThat(stored).as("every send stored once").hasSize(ROUNDS * SENDS_PER_ROUND);
        assertThat(stored).as("stored in the order issued").isSorted();
    }

    private List<Integer> readSequences() throws Exception {
        List<Integer> sequences = new ArrayList<>();
        try (MqClient client = newClient("order-reader", 999);
                Consumer consumer = client.newConsumer(ConsumerConfig.builder("CG_order")
                        .pullSuspend(Duration.ZERO)
                        .build())) {
            MessageQueue queue = null;
            for (MessageQueue candidate : consumer.fetchQueues(TOPIC)) {
                if (consumer.maxOffset(candidate) > 0) {
                    queue = candidate;
                }
            }
            assertThat(queue).as("the keyed queue").isNotNull();
            consumer.assign(List.of(queue));
            consumer.seek(queue, 0);
            long end = consumer.maxOffset(queue);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(queue) < end && System.nanoTime() < deadline) {
                for (ReceivedMessage message : consumer.poll(Duration.ofMillis(200))) {
                    int value = Integer.parseInt(new String(message.body(), StandardCharsets.UTF_8));
                    if (value >= 0) {
                        sequences.add(value);
                    }
                }
            }
        }
        return sequences;
    }

    private static byte[] bytes(int value) {
        return Integer.toString(value).getBytes(StandardCharsets.UTF_8);
    }
}
