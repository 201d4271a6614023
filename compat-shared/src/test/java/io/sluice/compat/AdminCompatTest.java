package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official admin API (DefaultMQAdminExt, mqadmin's library, and the MQAdmin calls of the
 * producer) against Sluice: query by key and time range, view by unique key, consume stats, topic
 * stats, and an offset reset by time that a running push consumer follows.
 */
@ExtendWith(SluiceCluster.class)
class AdminCompatTest {

    private DefaultMQProducer producer;
    private DefaultMQAdminExt admin;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        producer = Clients.producer(SluiceCluster.namesrvAddress(), Clients.uniqueName("PG"));
        producer.start();
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(SluiceCluster.namesrvAddress());
        admin.setInstanceName(Clients.uniqueName("admin"));
        admin.start();
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        admin.shutdown();
        producer.shutdown();
    }

    private SendResult send(String topic, String key, String body) throws Exception {
        Message message = new Message(topic, "TagA", key, body.getBytes(StandardCharsets.UTF_8));
        return producer.send(message);
    }

    private static String body(MessageExt message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    /** A started push consumer counting how often it received each body. */
    private DefaultMQPushConsumer consumer(String group, String topic, Map<String, AtomicInteger> received)
            throws Exception {
        DefaultMQPushConsumer consumer = Clients.push(SluiceCluster.namesrvAddress(), group);
        consumer.subscribe(topic, "*");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                received.computeIfAbsent(body(m), b -> new AtomicInteger()).incrementAndGet();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);
        return consumer;
    }

    @Test
    void queryByKeyReturnsTheMessagesWithThatKeyInTheTimeRange() throws Exception {
        String topic = Clients.uniqueName("T_query");
        long begin = System.currentTimeMillis() - 1;
        send(topic, "order-1", "a");
        send(topic, "order-2", "b");
        send(topic, "order-1 other", "c");
        long end = System.currentTimeMillis() + 1;

        QueryResult found = await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> producer.queryMessage(topic, "order-1", 32, begin, end), r -> r.getMessageList()
                                .size()
                        == 2);
        assertThat(found.getMessageList()).extracting(AdminCompatTest::body).containsExactlyInAnyOrder("a", "c");
        assertThat(found.getIndexLastUpdateTimestamp()).isPositive();

        // Nothing in the range: the broker answers QUERY_NOT_FOUND and the client reports no message.
        assertThatThrownBy(() -> producer.queryMessage(topic, "order-1", 32, begin - 60_000, begin - 30_000))
                .isInstanceOf(MQClientException.class);
    }

    @Test
    void viewByUniqueKeyFindsTheMessage() throws Exception {
        String topic = Clients.uniqueName("T_uniq");
        send(topic, "k", "first");
        SendResult second = send(topic, "k", "second");

        MessageExt viewed = await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> admin.viewMessage(topic, second.getMsgId()), m -> m != null);
        assertThat(body(viewed)).isEqualTo("second");
        assertThat(viewed.getMsgId()).isEqualTo(second.getMsgId());
    }

    @Test
    void consumeStatsShowTheLagOfAGroupAndTopicStatsTheQueueExtents() throws Exception {
        String topic = Clients.uniqueName("T_stats");
        String group = Clients.uniqueName("STATS");
        for (int i = 0; i < 20; i++) {
            send(topic, null, "m-" + i);
        }
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = consumer(group, topic, received);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 20);
        consumer.shutdown(); // persists its offsets
        consumers.remove(consumer);
        for (int i = 20; i < 25; i++) {
            send(topic, null, "m-" + i);
        }

        var stats = await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> admin.examineConsumeStats(group), s -> s.computeTotalDiff() == 5);
        long brokerTotal = 0;
        for (Map.Entry<MessageQueue, ?> entry : stats.getOffsetTable().entrySet()) {
            if (entry.getKey().getTopic().equals(topic)) {
                brokerTotal += stats.getOffsetTable().get(entry.getKey()).getBrokerOffset();
            }
        }
        assertThat(brokerTotal).isEqualTo(25);

        var topicStats = admin.examineTopicStats(topic);
        long max = 0;
        for (var offsets : topicStats.getOffsetTable().values()) {
            max += offsets.getMaxOffset();
            assertThat(offsets.getMinOffset()).isZero();
        }
        assertThat(max).isEqualTo(25);
    }

    @Test
    void aRunningPushConsumerRereadsFromTheResetPoint() throws Exception {
        String topic = Clients.uniqueName("T_reset");
        String group = Clients.uniqueName("RESET");
        for (int i = 0; i < 10; i++) {
            send(topic, null, "old-" + i);
        }
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        consumer(group, topic, received);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 10);
        long resetPoint = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > resetPoint + 2);
        for (int i = 0; i < 10; i++) {
            send(topic, null, "new-" + i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 20);

        Map<MessageQueue, Long> offsets = admin.resetOffsetByTimestamp(topic, group, resetPoint, true);

        assertThat(offsets.values().stream().mapToLong(Long::longValue).sum())
                .as("the old messages are before the reset point")
                .isEqualTo(10);
        // The official client pauses about 10 s before it adopts the new offsets.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> received.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("new-"))
                        .allMatch(e -> e.getValue().get() >= 2));
        assertThat(received.entrySet())
                .filteredOn(e -> e.getKey().startsWith("old-"))
                .allSatisfy(e -> assertThat(e.getValue().get()).isEqualTo(1));
    }
}
