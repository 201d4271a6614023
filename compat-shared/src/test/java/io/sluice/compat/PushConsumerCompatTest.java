package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official DefaultMQPushConsumer (concurrently, clustering) against Sluice: a group of two
 * splits the queues, and committed offsets survive a consumer restart.
 */
@ExtendWith(SluiceCluster.class)
class PushConsumerCompatTest {

    private DefaultMQProducer producer;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        producer = Clients.producer(SluiceCluster.namesrvAddress(), Clients.uniqueName("PG"));
        producer.start();
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        producer.shutdown();
    }

    /** A started consumer of {@code topic} recording each body it receives under its own name. */
    private DefaultMQPushConsumer consumer(
            String group, String topic, String name, Map<String, String> receivedBy) throws Exception {
        DefaultMQPushConsumer consumer = Clients.push(SluiceCluster.namesrvAddress(), group);
        consumer.subscribe(topic, "*");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                receivedBy.put(new String(m.getBody(), StandardCharsets.UTF_8), name);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);
        return consumer;
    }

    private void produce(String topic, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            producer.send(new Message(topic, null, ("m-" + i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aGroupOfTwoSplitsTheQueuesAndTogetherReceivesEverything() throws Exception {
        String topic = Clients.uniqueName("T_push");
        produce(topic, 0, 1);
        String group = Clients.uniqueName("PUSH");
        Map<String, String> receivedBy = new ConcurrentHashMap<>();
        consumer(group, topic, "a", receivedBy);
        consumer(group, topic, "b", receivedBy);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedBy.size() == 1);

        // Keep producing until the rebalance has given both members queues (bounded: 100 rounds).
        int produced = 1;
        for (int round = 0; round < 100 && Set.copyOf(receivedBy.values()).size() < 2; round++) {
            produce(topic, produced, produced + 20);
            produced += 20;
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(200);
        }

        int total = produced;
        await().atMost(Duration.ofSeconds(60)).until(() -> receivedBy.size() == total);
        assertThat(Set.copyOf(receivedBy.values())).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void committedOffsetsSurviveAConsumerRestart() throws Exception {
        String topic = Clients.uniqueName("T_restart");
        String group = Clients.uniqueName("RESTART");
        produce(topic, 0, 50);
        Map<String, String> firstRun = new ConcurrentHashMap<>();
        DefaultMQPushConsumer first = consumer(group, topic, "first", firstRun);
        await().atMost(Duration.ofSeconds(30)).until(() -> firstRun.size() == 50);
        first.shutdown(); // persists offsets on the way out
        consumers.remove(first);

        produce(topic, 50, 80);
        Map<String, String> secondRun = new ConcurrentHashMap<>();
        consumer(group, topic, "second", secondRun);

        await().atMost(Duration.ofSeconds(30)).until(() -> secondRun.size() == 30);
        assertThat(secondRun.keySet()).allMatch(body -> Integer.parseInt(body.substring(2)) >= 50);
    }
}
