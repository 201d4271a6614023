package io.sluice.mq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.admin.QueueLag;
import io.sluice.mq.client.consumer.CommittedOffset;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.PushConsumer;
import io.sluice.mq.client.consumer.PushConsumerConfig;
import io.sluice.mq.client.consumer.RebalanceListener;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sluice's client against Sluice's own nameserver and broker ({@link StandaloneCluster}): the
 * scenarios of the RocketMQ interop module, plus a rebalance driven only by
 * NOTIFY_CONSUMER_IDS_CHANGED (the periodic rebalance is set to 10 minutes) and a restart that
 * resumes from committed offsets.
 */
class ClientSluiceIT {

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
                .maxMessageSizeBytes(1024 * 1024)
                .registerTimeout(Duration.ofSeconds(3))
                .build();
        cluster = StandaloneCluster.start(config, new SystemClock());
        client = newClient("sluice-it");
        producer = client.newProducer(ProducerConfig.of("PG_SLUICE"));
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

    private static MqClient newClient(String instance) {
        ClientConfig config = ClientConfig.builder(cluster.namesrvAddress())
                .instanceName(instance)
                .clientIp("127.0.0.1")
                .rebalanceInterval(Duration.ofMinutes(10))
                .build();
        return new MqClient(config, new SystemClock(), new SplittableRandom(7)).start();
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

    private static String newTopic(int queues) throws InterruptedException {
        String topic = "S_" + System.nanoTime();
        client.admin().createTopic(topic, queues);
        until(
                "route of " + topic,
                Duration.ofSeconds(20),
                () -> client.admin().queues(topic).size() == queues);
        return topic;
    }

    private static ConsumerConfig config(String group) {
        return ConsumerConfig.builder(group)
                .pullSuspend(Duration.ofSeconds(2))
                .startPosition(StartPosition.first())
                .build();
    }

    private static Map<String, ReceivedMessage> readAll(String topic, int expected) throws InterruptedException {
        Map<String, ReceivedMessage> read = new HashMap<>();
        try (Consumer consumer = client.newConsumer(config("CG_read_" + System.nanoTime()))) {
            List<MessageQueue> queues = consumer.fetchQueues(topic);
            consumer.assign(queues);
            queues.forEach(queue -> consumer.seek(queue, 0));
            until(expected + " messages", Duration.ofSeconds(20), () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(m -> read.put(m.msgId(), m));
                return read.size() >= expected;
            });
        }
        assertThat(read).hasSize(expected);
        return read;
    }

    @Test
    void produceEveryWayAndReadBack() throws InterruptedException {
        String topic = "S_auto_" + System.nanoTime();
        SendResult first = producer.send(
                Message.builder(topic).tags("A").keys("k").body(utf8("sync")).build());
        List<CompletableFuture<SendResult>> async = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            async.add(producer.sendAsync(Message.of(topic, utf8("async-" + i))));
        }
        CompletableFuture.allOf(async.toArray(new CompletableFuture[0])).join();
        producer.sendOneway(Message.of(topic, utf8("oneway")));
        SendResult batch = producer.sendBatch(
                List.of(Message.of(topic, utf8("b0")), Message.of(topic, utf8("b1")), Message.of(topic, utf8("b2"))),
                "k1");
        byte[] big = utf8("0123456789".repeat(2000));
        SendResult compressed = producer.send(Message.of(topic, big));

        Map<String, ReceivedMessage> read = readAll(topic, 1 + 10 + 1 + 3 + 1);
        assertThat(read.get(first.msgId()).tags()).isEqualTo("A");
        assertThat(read.get(first.msgId()).offsetMsgId()).isEqualTo(first.offsetMsgId());
        assertThat(read.get(compressed.msgId()).body()).isEqualTo(big);
        String[] ids = batch.msgId().split(",");
        for (int i = 0; i < 3; i++) {
            assertThat(read.get(ids[i]).queueOffset()).isEqualTo(batch.queueOffset() + i);
        }
        assertThat(client.admin().viewMessage(compressed.offsetMsgId()).body()).isEqualTo(big);
        assertThat(client.admin().maxOffset(compressed.queue())).isGreaterThan(compressed.queueOffset());
    }

    @Test
    void assignModeOffsetsAndCommits() throws InterruptedException {
        String topic = newTopic(1);
        MessageQueue queue = client.admin().queues(topic).get(0);
        for (int i = 0; i < 20; i++) {
            producer.send(Message.of(topic, utf8("m" + i)), queue);
        }
        String group = "CG_assign_" + System.nanoTime();
        try (Consumer consumer = client.newConsumer(config(group))) {
            assertThat(consumer.committed(queue)).isEmpty();
            consumer.assign(List.of(queue));
            consumer.seek(queue, 5);
            List<ReceivedMessage> got = new ArrayList<>();
            until(
                    "15 messages",
                    Duration.ofSeconds(20),
                    () -> got.addAll(consumer.poll(Duration.ofMillis(200))) && got.size() >= 15);
            assertThat(got.get(0).queueOffset()).isEqualTo(5);
            assertThat(text(got.get(0))).isEqualTo("m5");
            assertThat(consumer.position(queue)).isEqualTo(20);
            consumer.commitSync();
            assertThat(consumer.committed(queue)).hasValue(20);
        }
        try (Consumer again = client.newConsumer(config(group))) {
            again.assign(List.of(queue));
            assertThat(again.position(queue)).isEqualTo(20);
            assertThat(again.committedOffset(queue)).hasValue(new CommittedOffset(20, ""));
            again.commit(Map.of(queue, 18L), "job=7f3a checkpoint=12 subtask=0");
            assertThat(again.committedOffset(queue))
                    .hasValue(new CommittedOffset(18, "job=7f3a checkpoint=12 subtask=0"));
            assertThat(again.committed(queue)).hasValue(18);
        }
    }

    private static final class Owned implements RebalanceListener {
        final Set<MessageQueue> queues = ConcurrentHashMap.newKeySet();

        @Override
        public void onAssigned(Collection<MessageQueue> added) {
            queues.addAll(added);
        }

        @Override
        public void onRevoked(Collection<MessageQueue> revoked) {
            queues.removeAll(revoked);
        }
    }

    @Test
    void notifyDrivenRebalanceAndRestartFromCommittedOffsets() throws InterruptedException {
        String topic = newTopic(4);
        String group = "CG_sub_" + System.nanoTime();
        for (int i = 0; i < 20; i++) {
            producer.send(Message.of(topic, utf8("m" + i)));
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (MqClient a = newClient("member-a");
                MqClient b = newClient("member-b")) {
            Consumer one = a.newConsumer(config(group));
            Owned oneOwned = new Owned();
            one.subscribe(topic, "*", oneOwned);
            until("first member owns all", Duration.ofSeconds(20), () -> {
                one.poll(Duration.ofMillis(100)).forEach(m -> seen.add(text(m)));
                return oneOwned.queues.size() == 4;
            });
            Consumer two = b.newConsumer(config(group));
            Owned twoOwned = new Owned();
            two.subscribe(topic, "*", twoOwned);
            until("NOTIFY splits the queues 2/2", Duration.ofSeconds(20), () -> {
                one.poll(Duration.ofMillis(100)).forEach(m -> seen.add(text(m)));
                two.poll(Duration.ofMillis(100)).forEach(m -> seen.add(text(m)));
                return oneOwned.queues.size() == 2 && twoOwned.queues.size() == 2;
            });
            until("all 20 messages", Duration.ofSeconds(20), () -> {
                one.poll(Duration.ofMillis(100)).forEach(m -> seen.add(text(m)));
                two.poll(Duration.ofMillis(100)).forEach(m -> seen.add(text(m)));
                return seen.size() == 20;
            });
            one.commitSync();
            two.commitSync();
        }
        List<QueueLag> lags = client.admin().consumerLag(group, topic);
        assertThat(lags).allSatisfy(lag -> assertThat(lag.lag()).isZero());
        Set<String> afterRestart = ConcurrentHashMap.newKeySet();
        try (MqClient c = newClient("member-c")) {
            Consumer restarted = c.newConsumer(config(group));
            restarted.subscribe(topic, "*");
            producer.send(Message.of(topic, utf8("new")));
            until("only the new message", Duration.ofSeconds(20), () -> {
                restarted.poll(Duration.ofMillis(100)).forEach(m -> afterRestart.add(text(m)));
                return afterRestart.contains("new");
            });
            assertThat(afterRestart).containsExactly("new");
        }
    }

    @Test
    void pushListenerConsumesEverything() throws InterruptedException {
        String topic = newTopic(2);
        for (int i = 0; i < 25; i++) {
            producer.send(Message.of(topic, utf8("p" + i)));
        }
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        String group = "CG_push_" + System.nanoTime();
        try (MqClient c = newClient("pusher")) {
            PushConsumer push = c.newPushConsumer(
                    config(group),
                    PushConsumerConfig.defaults().withCommitInterval(Duration.ofMillis(200)),
                    message -> consumed.add(text(message)));
            push.subscribe(topic, "*").start();
            until("25 pushed", Duration.ofSeconds(20), () -> consumed.size() == 25);
            push.close();
        }
        assertThat(client.admin().consumerLag(group, topic))
                .allSatisfy(lag -> assertThat(lag.lag()).isZero());
    }
}
