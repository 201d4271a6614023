package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Message filters with the official clients: {@code MessageSelector.bySql} and {@code byTag} with
 * DefaultMQPushConsumer and DefaultLitePullConsumer deliver exactly the matching messages, tag-hash
 * collisions never reach the listener, and a malformed SQL92 expression makes the push consumer's
 * start fail with SUBSCRIPTION_PARSE_FAILED naming the position (its CHECK_CLIENT_CONFIG).
 */
@ExtendWith(SluiceCluster.class)
class FilterCompatTest {

    private static final int COUNT = 40;

    private DefaultMQProducer producer;
    private final List<DefaultMQPushConsumer> pushConsumers = new ArrayList<>();
    private final List<DefaultLitePullConsumer> liteConsumers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        producer = Clients.producer(SluiceCluster.namesrvAddress(), Clients.uniqueName("PG"));
        producer.start();
    }

    @AfterEach
    void stop() {
        pushConsumers.forEach(DefaultMQPushConsumer::shutdown);
        liteConsumers.forEach(DefaultLitePullConsumer::shutdown);
        producer.shutdown();
    }

    /** A new topic with {@code COUNT} messages: user property n = i, tag TagA (even) or TagB (odd). */
    private String numberedTopic() throws Exception {
        String topic = Clients.uniqueName("T_filter");
        for (int i = 0; i < COUNT; i++) {
            Message message = new Message(topic, i % 2 == 0 ? "TagA" : "TagB", ("m-" + i).getBytes(StandardCharsets.UTF_8));
            message.putUserProperty("n", Integer.toString(i));
            producer.send(message);
        }
        return topic;
    }

    private DefaultMQPushConsumer push(String topic, MessageSelector selector, Map<String, String> received)
            throws MQClientException {
        DefaultMQPushConsumer consumer = Clients.push(SluiceCluster.namesrvAddress(), Clients.uniqueName("PUSH"));
        consumer.subscribe(topic, selector);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                received.put(new String(m.getBody(), StandardCharsets.UTF_8), String.valueOf(m.getTags()));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        pushConsumers.add(consumer);
        return consumer;
    }

    @Test
    void pushConsumerWithSqlReceivesOnlyMatchingMessages() throws Exception {
        String topic = numberedTopic();
        Map<String, String> received = new ConcurrentHashMap<>();
        push(topic, MessageSelector.bySql("TAGS = 'TagA' AND n >= 30 OR n IN ('3', '5')"), received)
                .start();
        Set<String> expected = Set.of("m-3", "m-5", "m-30", "m-32", "m-34", "m-36", "m-38");
        await().atMost(Duration.ofSeconds(60)).until(() -> received.keySet().containsAll(expected));
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void pushConsumerStartFailsForAMalformedExpressionWithItsPosition() throws Exception {
        String topic = numberedTopic();
        DefaultMQPushConsumer consumer = push(topic, MessageSelector.bySql("n > 5 AND TAGS IN ('a',)"), Map.of());
        assertThatThrownBy(consumer::start)
                .isInstanceOfSatisfying(MQClientException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(23);
                    assertThat(e.getErrorMessage()).contains("position 23");
                });
    }

    @Test
    void pushConsumerWithTagsNeverSeesTagsThatOnlyShareTheHash() throws Exception {
        String topic = Clients.uniqueName("T_tags");
        List<String> tags = List.of("Aa", "BB", "C", "Aa", "BB", "D");
        for (int i = 0; i < tags.size(); i++) {
            producer.send(new Message(topic, tags.get(i), ("m-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, String> received = new ConcurrentHashMap<>();
        push(topic, MessageSelector.byTag("Aa || C"), received).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 3);
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(received).containsOnlyKeys("m-0", "m-2", "m-3").containsValues("Aa", "C");
    }

    @Test
    void litePullConsumerWithSqlReadsOnlyMatchingMessages() throws Exception {
        String topic = numberedTopic();
        DefaultLitePullConsumer consumer = Clients.litePull(SluiceCluster.namesrvAddress(), Clients.uniqueName("LITE"));
        liteConsumers.add(consumer);
        consumer.subscribe(topic, MessageSelector.bySql("n BETWEEN 10 AND 14 AND TAGS <> 'TagB'"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.start();
        Set<String> read = ConcurrentHashMap.newKeySet();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (MessageExt m : consumer.poll(500)) {
                read.add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return read.size() >= 3;
        });
        assertThat(read).containsExactlyInAnyOrder("m-10", "m-12", "m-14");
    }
}
