package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official push consumer in orderly mode (MessageListenerOrderly) against Sluice's queue locks:
 * messages keyed by order id go to one queue each; a second consumer joins the group mid-stream.
 * RocketMQ orderly is at-least-once, so a queue that moves may replay from its committed offset;
 * what must hold is that no two members consume one queue at the same time, that each key is seen
 * in order with no gaps across the group, and that every message arrives.
 */
@ExtendWith(SluiceCluster.class)
class OrderedConsumerCompatTest {

    private static final int ORDERS = 12;

    private DefaultMQProducer producer;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();
    /** Every consumption in the order it happened: consumer name, order id, sequence number. */
    private final List<String[]> log = new CopyOnWriteArrayList<>();
    /** Queue id → consumer consuming it right now. */
    private final Map<Integer, String> busy = new ConcurrentHashMap<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();

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

    private DefaultMQPushConsumer orderly(String group, String topic, String name) throws Exception {
        DefaultMQPushConsumer consumer = Clients.push(SluiceCluster.namesrvAddress(), group);
        consumer.subscribe(topic, "*");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeMessageBatchMaxSize(1);
        consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
            int queueId = context.getMessageQueue().getQueueId();
            String other = busy.putIfAbsent(queueId, name);
            if (other != null) {
                overlaps.add("queue " + queueId + " consumed by " + name + " while " + other + " consumes it");
            }
            try {
                for (MessageExt m : messages) {
                    String[] parts = new String(m.getBody(), StandardCharsets.UTF_8).split(":");
                    log.add(new String[] {name, parts[0], parts[1]});
                }
            } finally {
                busy.remove(queueId, name);
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);
        return consumer;
    }

    /** Sends sequence numbers {@code [from, to)} of every order, each order to its own queue. */
    private void produce(String topic, int from, int to) throws Exception {
        MessageQueueSelector byOrder = (queues, message, orderId) -> queues.get((Integer) orderId % queues.size());
        for (int seq = from; seq < to; seq++) {
            for (int order = 0; order < ORDERS; order++) {
                Message message = new Message(topic, ("o" + order + ":" + seq).getBytes(StandardCharsets.UTF_8));
                message.setKeys("o" + order);
                producer.send(message, byOrder, order);
            }
        }
    }

    @Test
    void eachOrderIsConsumedInSequenceWhenASecondConsumerJoinsMidStream() throws Exception {
        String topic = Clients.uniqueName("T_orderly");
        String group = Clients.uniqueName("ORDERLY");
        produce(topic, 0, 5);
        orderly(group, topic, "a");
        await().atMost(Duration.ofSeconds(30)).until(() -> log.size() >= ORDERS * 5);

        orderly(group, topic, "b");
        // Keep producing until the newcomer has consumed something (bounded: 100 rounds).
        int produced = 5;
        for (int round = 0; round < 100 && log.stream().noneMatch(e -> e[0].equals("b")); round++) {
            produce(topic, produced, produced + 2);
            produced += 2;
            TimeUnit.MILLISECONDS.sleep(100);
        }
        produce(topic, produced, produced + 10);
        int total = produced + 10;

        await().atMost(Duration.ofSeconds(60)).until(() -> distinctConsumed() == ORDERS * total);
        assertThat(overlaps).as("two members consumed one queue at once").isEmpty();
        assertThat(log).extracting(e -> e[0]).contains("a", "b");
        assertInOrderWithoutGaps(total);
    }

    private long distinctConsumed() {
        return log.stream().map(e -> e[1] + ":" + e[2]).distinct().count();
    }

    /**
     * Per order, across the group: each consumption is either the next new sequence number or a
     * replay of one already seen (no gaps). While one member consumes an order without another
     * member in between, each step is +1 or a jump back (a replay from the committed offset), never
     * a skip forward.
     */
    private void assertInOrderWithoutGaps(int total) {
        Map<String, Integer> highest = new HashMap<>();
        Map<String, String[]> previous = new HashMap<>();
        for (String[] entry : log) {
            String order = entry[1];
            int seq = Integer.parseInt(entry[2]);
            int max = highest.getOrDefault(order, -1);
            assertThat(seq).as("%s seq %s after highest %s (gap)", order, seq, max).isLessThanOrEqualTo(max + 1);
            highest.put(order, Math.max(max, seq));
            String[] last = previous.put(order, entry);
            if (last != null && last[0].equals(entry[0])) {
                assertThat(seq)
                        .as("%s consumed %s seq %s right after %s (skip)", entry[0], order, seq, last[2])
                        .isLessThanOrEqualTo(Integer.parseInt(last[2]) + 1);
            }
        }
        assertThat(highest).hasSize(ORDERS).allSatisfy((order, max) -> assertThat(max).isEqualTo(total - 1));
    }
}
