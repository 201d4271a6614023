package io.sluice.mq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.OrderlyPushConsumer;
import io.sluice.mq.client.consumer.PushConsumerConfig;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sluice's orderly push consumer: messages keyed by order id, a second member joins mid-stream;
 * no queue is consumed by two members at once, every order is seen in sequence with no gaps, and
 * every message arrives (replays allowed: at least once).
 */
class OrderlyPushConsumerTest {

    private static final int ORDERS = 12;

    @TempDir
    Path dir;

    private StandaloneCluster cluster;
    private final List<MqClient> clients = new ArrayList<>();
    private final List<String[]> log = new CopyOnWriteArrayList<>();
    private final Map<MessageQueue, String> busy = new ConcurrentHashMap<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(MqClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private MqClient client(String instance) {
        ClientConfig config = ClientConfig.builder(cluster.namesrvAddress())
                .instanceName(instance)
                .clientIp("127.0.0.1")
                .rebalanceInterval(Duration.ofSeconds(1))
                .build();
        MqClient client = new MqClient(config, new SystemClock(), new SplittableRandom(3)).start();
        clients.add(client);
        return client;
    }

    private OrderlyPushConsumer member(String name, String group, String topic) {
        OrderlyPushConsumer consumer = client(name)
                .newOrderlyPushConsumer(
                        ConsumerConfig.builder(group)
                                .startPosition(StartPosition.first())
                                .build(),
                        PushConsumerConfig.defaults().withCommitInterval(Duration.ofMillis(200)),
                        message -> {
                            String other = busy.putIfAbsent(message.queue(), name);
                            if (other != null) {
                                overlaps.add(message.queue() + " consumed by " + name + " and " + other);
                            }
                            try {
                                String[] parts = new String(message.body(), StandardCharsets.UTF_8).split(":");
                                log.add(new String[] {name, parts[0], parts[1]});
                            } finally {
                                busy.remove(message.queue(), name);
                            }
                        });
        return consumer.subscribe(topic, "*").start();
    }

    private static void produce(Producer producer, String topic, int from, int to) {
        for (int seq = from; seq < to; seq++) {
            for (int order = 0; order < ORDERS; order++) {
                producer.send(
                        Message.of(topic, ("o" + order + ":" + seq).getBytes(StandardCharsets.UTF_8)), "o" + order);
            }
        }
    }

    private static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @Test
    void eachOrderIsConsumedInSequenceWhenASecondMemberJoins() throws Exception {
        cluster = StandaloneCluster.start(
                BrokerConfig.builder(dir)
                        .ephemeralLoopback()
                        .segmentSizeBytes(8 * 1024 * 1024)
                        .consumeQueueFileBytes(20 * 4096)
                        .maxMessageSizeBytes(1024 * 1024)
                        .registerTimeout(Duration.ofSeconds(3))
                        .build(),
                new SystemClock());
        MqClient admin = client("orderly-admin");
        String topic = "O_" + System.nanoTime();
        admin.admin().createTopic(topic, 4);
        until("route", Duration.ofSeconds(20), () -> admin.admin().queues(topic).size() == 4);
        Producer producer = admin.newProducer(ProducerConfig.of("PG_orderly"));
        String group = "CG_orderly_" + System.nanoTime();

        produce(producer, topic, 0, 5);
        OrderlyPushConsumer a = member("a", group, topic);
        until("first messages", Duration.ofSeconds(20), () -> log.size() >= ORDERS * 5);
        OrderlyPushConsumer b = member("b", group, topic);
        int produced = 5;
        for (int round = 0; round < 100 && log.stream().noneMatch(e -> e[0].equals("b")); round++) {
            produce(producer, topic, produced, produced + 2);
            produced += 2;
            TimeUnit.MILLISECONDS.sleep(100);
        }
        produce(producer, topic, produced, produced + 10);
        int total = produced + 10;

        until("everything", Duration.ofSeconds(60), () -> distinct() == ORDERS * total);
        assertThat(overlaps).isEmpty();
        assertThat(log).extracting(e -> e[0]).contains("a", "b");
        assertThat(a.lockedQueues()).doesNotContainAnyElementsOf(b.lockedQueues());
        assertThat(a.lockedQueues().size() + b.lockedQueues().size()).isEqualTo(4);
        assertInOrderWithoutGaps(total);
    }

    private long distinct() {
        return log.stream().map(e -> e[1] + ":" + e[2]).distinct().count();
    }

    private void assertInOrderWithoutGaps(int total) {
        Map<String, Integer> highest = new HashMap<>();
        Map<String, String[]> previous = new HashMap<>();
        for (String[] entry : log) {
            String order = entry[1];
            int seq = Integer.parseInt(entry[2]);
            int max = highest.getOrDefault(order, -1);
            assertThat(seq)
                    .as("%s seq %s after highest %s (gap)", order, seq, max)
                    .isLessThanOrEqualTo(max + 1);
            highest.put(order, Math.max(max, seq));
            String[] last = previous.put(order, entry);
            if (last != null && last[0].equals(entry[0])) {
                assertThat(seq)
                        .as("%s consumed %s seq %s right after %s (skip)", entry[0], order, seq, last[2])
                        .isLessThanOrEqualTo(Integer.parseInt(last[2]) + 1);
            }
        }
        assertThat(highest).hasSize(ORDERS).allSatisfy((order, max) -> assertThat(max)
                .isEqualTo(total - 1));
    }
}
