package io.sluice.mq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.MessageSelector;
import io.sluice.mq.client.consumer.PushConsumer;
import io.sluice.mq.client.consumer.PushConsumerConfig;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sluice's client with tag and SQL92 selectors against a Sluice broker: only matching messages
 * reach the application in subscribe, assign and push mode; tag-hash collisions are dropped by the
 * client; malformed expressions fail with their position, locally and at the broker.
 */
class FilterClientTest {

    @TempDir
    static Path dir;

    private static StandaloneCluster cluster;
    private static MqClient client;
    private static Producer producer;

    @BeforeAll
    static void start() throws Exception {
        BrokerConfig config = BrokerConfig.builder(dir)
                .ephemeralLoopback()
                .segmentSizeBytes(8 * 1024 * 1024)
                .consumeQueueFileBytes(20 * 4096)
                .maxMessageSizeBytes(64 * 1024)
                .registerTimeout(Duration.ofSeconds(3))
                .build();
        cluster = StandaloneCluster.start(config, new SystemClock());
        client = new MqClient(
                        ClientConfig.builder(cluster.namesrvAddress())
                                .instanceName("filter-test")
                                .clientIp("127.0.0.1")
                                .build(),
                        new SystemClock(),
                        new SplittableRandom(11))
                .start();
        producer = client.newProducer(ProducerConfig.of("PG_FILTER"));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static String newTopic(int queues) throws InterruptedException {
        String topic = "F_" + System.nanoTime();
        client.admin().createTopic(topic, queues);
        until("route of " + topic, () -> client.admin().queues(topic).size() == queues);
        return topic;
    }

    /** Sends {@code count} messages with property n = i, tag TagA (even) or TagB (odd). */
    private static void sendNumbered(String topic, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(Message.builder(topic)
                    .tags(i % 2 == 0 ? "TagA" : "TagB")
                    .property("n", Integer.toString(i))
                    .body(("m" + i).getBytes(StandardCharsets.UTF_8))
                    .build());
        }
    }

    private static ConsumerConfig config(String group) {
        return ConsumerConfig.builder(group)
                .pullSuspend(Duration.ofSeconds(2))
                .startPosition(StartPosition.first())
                .build();
    }

    /** Polls until every queue of the topic was read to its end; returns the n of each message. */
    private static List<String> readToEnd(Consumer consumer, String topic) throws InterruptedException {
        List<String> numbers = new ArrayList<>();
        List<MessageQueue> queues = consumer.fetchQueues(topic);
        until("the end of " + topic, () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(m -> numbers.add(m.property("n")));
            return consumer.assignment().size() == queues.size()
                    && queues.stream().allMatch(q -> consumer.position(q) == consumer.maxOffset(q));
        });
        return numbers;
    }

    @Test
    void sqlSubscriptionReadsOnlyMatchingMessagesAndReachesTheEnd() throws InterruptedException {
        String topic = newTopic(4);
        sendNumbered(topic, 100);
        try (Consumer consumer = client.newConsumer(config("CG_sql_" + System.nanoTime()))) {
            consumer.subscribe(topic, MessageSelector.bySql("n >= 50 AND TAGS = 'TagA' AND n NOT BETWEEN 60 AND 69"));
            List<String> numbers = readToEnd(consumer, topic);
            assertThat(numbers)
                    .containsExactlyInAnyOrder(
                            "50", "52", "54", "56", "58", "70", "72", "74", "76", "78", "80", "82", "84", "86", "88",
                            "90", "92", "94", "96", "98");
        }
    }

    @Test
    void assignModeWithSqlSeesOnlyNewMatchingMessagesWhileTailing() throws InterruptedException {
        String topic = newTopic(1);
        MessageQueue queue = client.admin().queues(topic).get(0);
        try (Consumer consumer = client.newConsumer(config("CG_assign_" + System.nanoTime()))) {
            consumer.assign(List.of(queue), MessageSelector.bySql("n > 7"));
            consumer.seekToEnd(List.of(queue));
            assertThat(consumer.poll(Duration.ofMillis(300))).isEmpty();
            sendNumbered(topic, 10);
            List<String> numbers = new ArrayList<>();
            until("two matches", () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(m -> numbers.add(m.property("n")));
                return numbers.size() >= 2;
            });
            assertThat(numbers).containsExactly("8", "9");
            until("position at the end", () -> consumer.position(queue) == 10);
        }
    }

    @Test
    void tagHashCollisionsNeverReachTheApplication() throws InterruptedException {
        String topic = newTopic(1);
        for (String tag : List.of("Aa", "BB", "Aa", "C", "BB", "D")) {
            producer.send(Message.builder(topic)
                    .tags(tag)
                    .body(tag.getBytes(StandardCharsets.UTF_8))
                    .build());
        }
        try (Consumer consumer = client.newConsumer(config("CG_tags_" + System.nanoTime()))) {
            consumer.subscribe(topic, MessageSelector.byTag(" Aa ||C "));
            List<String> tags = new ArrayList<>();
            MessageQueue queue = consumer.fetchQueues(topic).get(0);
            until("the end", () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(m -> tags.add(m.tags()));
                return !consumer.assignment().isEmpty() && consumer.position(queue) == 6;
            });
            assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
            assertThat(tags).containsExactly("Aa", "Aa", "C");
        }
    }

    @Test
    void pushConsumerWithSqlGetsOnlyMatchingMessages() throws InterruptedException {
        String topic = newTopic(2);
        sendNumbered(topic, 40);
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (PushConsumer push = client.newPushConsumer(
                config("CG_push_" + System.nanoTime()),
                PushConsumerConfig.defaults(),
                message -> received.add(message.property("n")))) {
            push.subscribe(topic, MessageSelector.bySql("n IN ('3', '13', '33') OR n = 39"))
                    .start();
            until("four messages", () -> received.size() >= 4);
            assertThat(received).containsExactlyInAnyOrder("3", "13", "33", "39");
        }
    }

    @Test
    void malformedSqlFailsWithItsPosition() throws InterruptedException {
        assertThatThrownBy(() -> MessageSelector.bySql("n > 5 AND (TAGS = 'a'"))
                .isInstanceOfSatisfying(InvalidSubscriptionException.class, e -> {
                    assertThat(e.position()).isEqualTo(21);
                    assertThat(e.expression()).isEqualTo("n > 5 AND (TAGS = 'a'");
                    assertThat(e.getMessage()).contains("position 21");
                    assertThat(e.responseCode()).isEqualTo(ResponseError.LOCAL);
                });
        assertThatThrownBy(() -> MessageSelector.bySql("n >> 5"))
                .isInstanceOfSatisfying(InvalidSubscriptionException.class, e -> assertThat(e.position())
                        .isEqualTo(3));
    }

    @Test
    void aBrokerWithThePropertyFilterOffRefusesTheSubscription(@TempDir Path otherDir) throws Exception {
        BrokerConfig config = BrokerConfig.builder(otherDir)
                .ephemeralLoopback()
                .segmentSizeBytes(4 * 1024 * 1024)
                .consumeQueueFileBytes(20 * 4096)
                .maxMessageSizeBytes(64 * 1024)
                .registerTimeout(Duration.ofSeconds(3))
                .enablePropertyFilter(false)
                .build();
        try (StandaloneCluster off = StandaloneCluster.start(config, new SystemClock());
                MqClient offClient = new MqClient(
                                ClientConfig.builder(off.namesrvAddress())
                                        .instanceName("filter-off")
                                        .clientIp("127.0.0.1")
                                        .build(),
                                new SystemClock(),
                                new SplittableRandom(3))
                        .start()) {
            offClient.admin().createTopic("OffTopic", 1);
            until("route", () -> offClient.admin().queues("OffTopic").size() == 1);
            Consumer consumer = offClient.newConsumer(config("CG_off"));
            assertThatThrownBy(() -> consumer.subscribe("OffTopic", MessageSelector.bySql("n > 1")))
                    .isInstanceOfSatisfying(ClientException.class, e -> {
                        assertThat(e.responseCode()).isEqualTo(ResponseCode.SYSTEM_ERROR);
                        assertThat(e.remark()).contains("does not support consumer to filter message by SQL92");
                    });
            consumer.close();
        }
    }
}
