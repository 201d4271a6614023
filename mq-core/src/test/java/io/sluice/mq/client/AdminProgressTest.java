package io.sluice.mq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.admin.QueueLag;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.PushConsumer;
import io.sluice.mq.client.consumer.PushConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.ManualClock;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sluice's AdminClient against Sluice: query by key and by id, consumer progress with lag in
 * messages and seconds, and an offset reset by time that a running PushConsumer follows.
 */
class AdminProgressTest {

    @TempDir
    Path dir;

    private StandaloneCluster cluster;
    private MqClient client;

    private void start(Clock clock) throws Exception {
        BrokerConfig config = BrokerConfig.builder(dir)
                .ephemeralLoopback()
                .segmentSizeBytes(8 * 1024 * 1024)
                .consumeQueueFileBytes(20 * 4096)
                .maxMessageSizeBytes(1024 * 1024)
                .registerTimeout(Duration.ofSeconds(3))
                .build();
        cluster = StandaloneCluster.start(config, clock);
        ClientConfig clientConfig = ClientConfig.builder(cluster.namesrvAddress())
                .instanceName("admin-progress")
                .clientIp("127.0.0.1")
                .rebalanceInterval(Duration.ofSeconds(1))
                .build();
        client = new MqClient(clientConfig, clock, new SplittableRandom(11)).start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ReceivedMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    private static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private String newTopic(int queues) throws InterruptedException {
        String topic = "A_" + System.nanoTime();
        client.admin().createTopic(topic, queues);
        until(
                "route of " + topic,
                Duration.ofSeconds(20),
                () -> client.admin().queues(topic).size() == queues);
        return topic;
    }

    @Test
    void queryByKeyAndViewByEitherId() throws Exception {
        start(new SystemClock());
        String topic = newTopic(2);
        Producer producer = client.newProducer(ProducerConfig.of("PG_query"));
        long begin = System.currentTimeMillis() - 1;
        SendResult a = producer.send(
                Message.builder(topic).keys("order-7").body(utf8("a")).build());
        producer.send(Message.builder(topic).keys("order-8").body(utf8("b")).build());
        SendResult c = producer.send(
                Message.builder(topic).keys("order-7", "x").body(utf8("c")).build());
        long end = System.currentTimeMillis() + 1;

        until(
                "both indexed",
                Duration.ofSeconds(10),
                () -> client.admin()
                                .queryByKey(topic, "order-7", begin, end, 10)
                                .size()
                        == 2);
        List<ReceivedMessage> found = client.admin().queryByKey(topic, "order-7", begin, end, 10);
        assertThat(found).extracting(AdminProgressTest::text).containsExactlyInAnyOrder("a", "c");
        assertThat(client.admin().queryByKey(topic, "order-7", begin, end, 1)).hasSize(1);
        assertThat(client.admin().queryByKey(topic, "order-7", begin - 60_000, begin - 30_000, 10))
                .isEmpty();

        assertThat(text(client.admin().viewById(topic, a.msgId()))).isEqualTo("a");
        assertThat(text(client.admin().viewById(topic, c.offsetMsgId()))).isEqualTo("c");
    }

    @Test
    void consumerProgressReportsLagInMessagesAndSeconds() throws Exception {
        ManualClock clock = new ManualClock(1_800_000_000_000L);
        start(clock);
        String topic = newTopic(1);
        MessageQueue queue = client.admin().queues(topic).get(0);
        Producer producer = client.newProducer(ProducerConfig.of("PG_lag"));
        for (int i = 0; i < 10; i++) {
            producer.send(Message.of(topic, utf8("early-" + i)), queue);
        }
        clock.advanceMs(30_000);
        for (int i = 0; i < 5; i++) {
            producer.send(Message.of(topic, utf8("late-" + i)), queue);
        }
        until("15 readable", Duration.ofSeconds(10), () -> client.admin().maxOffset(queue) == 15);
        String group = "CG_lag_" + System.nanoTime();
        try (Consumer consumer =
                client.newConsumer(ConsumerConfig.builder(group).build())) {
            consumer.commit(Map.of(queue, 10L));
        }
        clock.advanceMs(60_000);

        List<QueueLag> progress = client.admin().consumerProgress(group);
        assertThat(progress).hasSize(1);
        QueueLag lag = progress.get(0);
        assertThat(lag.queue()).isEqualTo(queue);
        assertThat(lag.committed()).hasValue(10);
        assertThat(lag.maxOffset()).isEqualTo(15);
        assertThat(lag.lag()).isEqualTo(5);
        assertThat(lag.lagSeconds())
                .as("the oldest unconsumed message was stored 60 s ago")
                .isEqualTo(60);

        assertThat(client.admin().consumerLag(group, topic)).singleElement().satisfies(l -> assertThat(l.lagSeconds())
                .isEqualTo(60));
    }

    @Test
    void aRunningPushConsumerFollowsAnOffsetResetByTime() throws Exception {
        start(new SystemClock());
        String topic = newTopic(2);
        Producer producer = client.newProducer(ProducerConfig.of("PG_reset"));
        for (int i = 0; i < 10; i++) {
            producer.send(Message.of(topic, utf8("old-" + i)));
        }
        String group = "CG_reset_" + System.nanoTime();
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        try (PushConsumer push = client.newPushConsumer(
                ConsumerConfig.builder(group)
                        .startPosition(StartPosition.first())
                        .build(),
                PushConsumerConfig.defaults().withCommitInterval(Duration.ofMillis(100)),
                m -> received.computeIfAbsent(text(m), t -> new AtomicInteger()).incrementAndGet())) {
            push.subscribe(topic, "*").start();
            until("old ones", Duration.ofSeconds(20), () -> received.size() == 10);
            long resetPoint = System.currentTimeMillis();
            until(
                    "clock past the reset point",
                    Duration.ofSeconds(1),
                    () -> System.currentTimeMillis() > resetPoint + 2);
            for (int i = 0; i < 10; i++) {
                producer.send(Message.of(topic, utf8("new-" + i)));
            }
            until("new ones", Duration.ofSeconds(20), () -> received.size() == 20);
            until("all committed", Duration.ofSeconds(10), () -> client.admin().consumerLag(group, topic).stream()
                    .allMatch(l -> l.lag() == 0));

            Map<MessageQueue, Long> offsets = client.admin().resetOffsetByTime(group, topic, resetPoint);

            assertThat(offsets.values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(10);
            until("new ones again", Duration.ofSeconds(20), () -> received.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("new-"))
                    .allMatch(e -> e.getValue().get() == 2));
            assertThat(received.entrySet())
                    .filteredOn(e -> e.getKey().startsWith("old-"))
                    .allSatisfy(e -> assertThat(e.getValue().get()).isEqualTo(1));
        }
    }
}
