package io.sluice.interop.rocketmq5;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.admin.QueueLag;
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
import io.sluice.mq.common.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Subscribe mode and the push consumer against a real RocketMQ 5.3.3 broker. */
@ExtendWith(RealRocketMqExtension.class)
class SubscribeInteropTest {

    private static RealRocketMqCluster cluster;
    private static MqClient producerClient;
    private static Producer producer;

    @BeforeAll
    static void start(RealRocketMqCluster realCluster) {
        cluster = realCluster;
        producerClient = MqClient.start(cluster.clientConfig("subscribe-it-producer"));
        producer = producerClient.newProducer(ProducerConfig.of("PG_SUB"));
    }

    @AfterAll
    static void close() {
        if (producerClient != null) {
            producerClient.close();
        }
    }

    private static String newTopic(int queues) {
        String topic = "IT_sub_" + System.nanoTime();
        producerClient.admin().createTopic(NewTopic.of(topic, queues));
        Waits.until(
                "route of " + topic,
                Duration.ofSeconds(30),
                () -> producerClient.admin().queues(topic).size() == queues);
        return topic;
    }

    private static ConsumerConfig config(String group) {
        return ConsumerConfig.builder(group)
                .pullSuspend(Duration.ofSeconds(2))
                .startPosition(StartPosition.first())
                .build();
    }

    private static final class Recorder implements RebalanceListener {
        final Set<MessageQueue> owned = ConcurrentHashMap.newKeySet();

        @Override
        public void onAssigned(Collection<MessageQueue> queues) {
            owned.addAll(queues);
        }

        @Override
        public void onRevoked(Collection<MessageQueue> queues) {
            owned.removeAll(queues);
        }
    }

    @Test
    void twoConsumersSplitTheQueuesAndTheSurvivorTakesAllAfterOneLeaves() {
        String topic = newTopic(4);
        String group = "CG_sub_" + System.nanoTime();
        for (int i = 0; i < 40; i++) {
            producer.send(Message.builder(topic)
                    .tags(i % 2 == 0 ? "A" : "B")
                    .body(("m" + i).getBytes(StandardCharsets.UTF_8))
                    .build());
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (MqClient first = MqClient.start(cluster.clientConfig("sub-first"));
                MqClient second = MqClient.start(cluster.clientConfig("sub-second"))) {
            Consumer one = first.newConsumer(config(group));
            Consumer two = second.newConsumer(config(group));
            Recorder oneQueues = new Recorder();
            Recorder twoQueues = new Recorder();
            one.subscribe(topic, "A || B", oneQueues);
            two.subscribe(topic, "A || B", twoQueues);
            Waits.until("both members own two queues", Duration.ofSeconds(40), () -> {
                poll(one, seen);
                poll(two, seen);
                return oneQueues.owned.size() == 2 && twoQueues.owned.size() == 2;
            });
            Set<MessageQueue> union = new HashSet<>(oneQueues.owned);
            union.addAll(twoQueues.owned);
            assertThat(union).hasSize(4);
            Waits.until("all 40 messages", Duration.ofSeconds(30), () -> {
                poll(one, seen);
                poll(two, seen);
                return seen.size() == 40;
            });
            one.commitSync();
            two.commitSync();
            two.close();
            Waits.until("survivor owns all four queues", Duration.ofSeconds(40), () -> {
                poll(one, seen);
                return oneQueues.owned.size() == 4;
            });
            producer.send(Message.builder(topic)
                    .tags("A")
                    .body("after".getBytes(StandardCharsets.UTF_8))
                    .build());
            Waits.until("message after the rebalance", Duration.ofSeconds(30), () -> {
                poll(one, seen);
                return seen.size() == 41;
            });
            one.commitSync();
            List<QueueLag> lags = first.admin().consumerLag(group, topic);
            assertThat(lags).hasSize(4).allSatisfy(lag -> assertThat(lag.lag()).isZero());
        }
        // A restarted member resumes from the committed offsets: only the new message arrives.
        Set<String> afterRestart = ConcurrentHashMap.newKeySet();
        try (MqClient third = MqClient.start(cluster.clientConfig("sub-third"))) {
            Consumer restarted = third.newConsumer(config(group));
            Recorder owned = new Recorder();
            restarted.subscribe(topic, "*", owned);
            Waits.until("restarted member owns all queues", Duration.ofSeconds(40), () -> {
                poll(restarted, afterRestart);
                return owned.owned.size() == 4;
            });
            producer.send(Message.builder(topic)
                    .tags("B")
                    .body("restart".getBytes(StandardCharsets.UTF_8))
                    .build());
            Waits.until("message after the restart", Duration.ofSeconds(30), () -> {
                poll(restarted, afterRestart);
                return afterRestart.contains("restart");
            });
            restarted
                    .poll(Duration.ofMillis(500))
                    .forEach(m -> afterRestart.add(new String(m.body(), StandardCharsets.UTF_8)));
            assertThat(afterRestart).containsExactly("restart");
        }
    }

    private static void poll(Consumer consumer, Set<String> seen) {
        for (ReceivedMessage message : consumer.poll(Duration.ofMillis(200))) {
            seen.add(new String(message.body(), StandardCharsets.UTF_8));
        }
    }

    /**
     * A listener that throws sends the message back (CONSUMER_SEND_MSG_BACK); the real broker
     * redelivers it through the group's retry topic after delay level 3 (10 s) with reconsume
     * times 1, and the group's offsets end fully committed.
     */
    @Test
    void pushListenerConsumesAndCommitsOnlyFinishedOffsets() {
        String topic = newTopic(2);
        String group = "CG_push_" + System.nanoTime();
        for (int i = 0; i < 30; i++) {
            producer.send(Message.of(topic, ("p" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<ReceivedMessage> retried = new AtomicReference<>();
        try (MqClient client = MqClient.start(cluster.clientConfig("push-it"))) {
            PushConsumer push = client.newPushConsumer(
                    config(group),
                    PushConsumerConfig.defaults().withThreads(3).withCommitInterval(Duration.ofMillis(500)),
                    message -> {
                        String body = new String(message.body(), StandardCharsets.UTF_8);
                        if (body.equals("p7") && failures.getAndIncrement() < 1) {
                            throw new IllegalStateException("fail p7 once");
                        }
                        if (body.equals("p7")) {
                            retried.set(message);
                        }
                        consumed.add(body);
                    });
            push.subscribe(topic, "*").start();
            Waits.until("30 messages pushed", Duration.ofSeconds(60), () -> consumed.size() == 30);
            assertThat(failures.get()).isEqualTo(2);
            assertThat(retried.get().reconsumeTimes()).isEqualTo(1);
            assertThat(retried.get().topic()).isEqualTo("%RETRY%" + group);
            assertThat(retried.get().property("RETRY_TOPIC")).isEqualTo(topic);
            Waits.until(
                    "finished offsets committed",
                    Duration.ofSeconds(20),
                    () -> client.admin().consumerLag(group, topic).stream()
                            .allMatch(lag -> lag.committed().isPresent() && lag.lag() == 0));
            push.close();
        }
    }
}
