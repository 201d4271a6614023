package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delay levels and retry/dead letters with the official client. The shared Sluice cluster runs
 * with short delay levels (level 2 = 2 s, levels 3 and up = 1 s; {@link SluiceCluster}).
 */
@ExtendWith(SluiceCluster.class)
class DelayAndRetryCompatTest {

    private DefaultMQProducer producer;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        producer = Clients.producer(SluiceCluster.namesrvAddress(), Clients.uniqueName("PG_delay"));
        producer.start();
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        producer.shutdown();
    }

    private DefaultMQPushConsumer push(String group, String topic, MessageListenerConcurrently listener)
            throws Exception {
        DefaultMQPushConsumer consumer = Clients.push(SluiceCluster.namesrvAddress(), group);
        consumer.subscribe(topic, "*");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.registerMessageListener(listener);
        return consumer;
    }

    @Test
    void aDelayLevelMessageIsDeliveredAfterItsDelay() throws Exception {
        String topic = Clients.uniqueName("T_delay");
        producer.send(new Message(topic, "warm-up".getBytes(StandardCharsets.UTF_8)));
        Message delayed = new Message(topic, "TagA", "delayed".getBytes(StandardCharsets.UTF_8));
        delayed.setDelayTimeLevel(2);
        SendResult sent = producer.send(delayed);
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        Map<String, MessageExt> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = push(Clients.uniqueName("CG_delay"), topic, (messages, context) -> {
            messages.forEach(m -> received.put(new String(m.getBody(), StandardCharsets.UTF_8), m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);

        await().atMost(Duration.ofSeconds(30)).until(() -> received.containsKey("delayed"));
        MessageExt message = received.get("delayed");
        assertThat(message.getTopic()).isEqualTo(topic);
        assertThat(message.getTags()).isEqualTo("TagA");
        assertThat(message.getMsgId()).isEqualTo(sent.getMsgId());
        assertThat(message.getStoreTimestamp() - message.getBornTimestamp())
                .as("stored in the topic no earlier than 2 s after it was sent")
                .isGreaterThanOrEqualTo(2_000);
        assertThat(message.getProperty("DELAY")).isEqualTo("2");
    }

    @Test
    void reconsumeLaterComesBackAndThenLandsInTheDeadLetterQueue() throws Exception {
        String topic = Clients.uniqueName("T_retry");
        String group = Clients.uniqueName("CG_retry");
        List<Integer> deliveries = new CopyOnWriteArrayList<>();
        List<String> topics = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = push(group, topic, (messages, context) -> {
            for (MessageExt m : messages) {
                deliveries.add(m.getReconsumeTimes());
                topics.add(m.getTopic());
            }
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        consumer.setMaxReconsumeTimes(2);
        consumer.start();
        consumers.add(consumer);
        producer.send(new Message(topic, "poison".getBytes(StandardCharsets.UTF_8)));

        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.size() >= 3);
        assertThat(deliveries).startsWith(0, 1, 2);
        assertThat(topics).allMatch(topic::equals);

        MessageExt dead = readDeadLetter(group);
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(dead.getReconsumeTimes()).isEqualTo(3);
        assertThat(dead.getProperty("RETRY_TOPIC")).isEqualTo(topic);
        assertThat(deliveries).as("no delivery after the dead letter").hasSize(3);
    }

    /** The first message of {@code %DLQ%group}, read by a push consumer of another group. */
    private MessageExt readDeadLetter(String group) throws Exception {
        Map<String, MessageExt> dead = new ConcurrentHashMap<>();
        DefaultMQPushConsumer reader =
                push(Clients.uniqueName("DLQ_reader"), "%DLQ%" + group, (messages, context) -> {
                    messages.forEach(m -> dead.putIfAbsent("first", m));
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        reader.start();
        consumers.add(reader);
        await().atMost(Duration.ofSeconds(60)).until(() -> dead.containsKey("first"));
        return dead.get("first");
    }
}
