package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The official DefaultLitePullConsumer against Sluice in assign and subscribe mode. */
@ExtendWith(SluiceCluster.class)
class LitePullCompatTest {

    private DefaultMQProducer producer;
    private final List<DefaultLitePullConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        producer = Clients.producer(SluiceCluster.namesrvAddress(), Clients.uniqueName("PG"));
        producer.start();
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultLitePullConsumer::shutdown);
        producer.shutdown();
    }

    private DefaultLitePullConsumer consumer(String group) {
        DefaultLitePullConsumer consumer = Clients.litePull(SluiceCluster.namesrvAddress(), group);
        consumers.add(consumer);
        return consumer;
    }

    private MessageQueue produce(String topic, int count, String tag) throws Exception {
        SendResult first = producer.send(new Message(topic, tag, ("m-0").getBytes(StandardCharsets.UTF_8)));
        for (int i = 1; i < count; i++) {
            producer.send(
                    new Message(topic, tag, ("m-" + i).getBytes(StandardCharsets.UTF_8)), first.getMessageQueue(), 10_000);
        }
        return first.getMessageQueue();
    }

    private static List<String> bodies(List<MessageExt> messages) {
        return messages.stream().map(m -> new String(m.getBody(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void assignModeReadsFromAnExplicitOffsetAndCommitsWhereItStopped() throws Exception {
        String topic = Clients.uniqueName("T_assign");
        MessageQueue produced = produce(topic, 10, null);
        String group = Clients.uniqueName("ASSIGN");
        DefaultLitePullConsumer consumer = consumer(group);
        consumer.start();
        MessageQueue queue = Clients.queuesOf(consumer, topic).stream()
                .filter(q -> q.getQueueId() == produced.getQueueId())
                .findFirst()
                .orElseThrow();
        consumer.assign(List.of(queue));
        Clients.seek(consumer, queue, 4);

        List<MessageExt> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            read.addAll(consumer.poll(500));
            return read.size() >= 6;
        });
        consumer.commitSync();

        assertThat(bodies(read)).containsExactly("m-4", "m-5", "m-6", "m-7", "m-8", "m-9");
        assertThat(read.get(0).getQueueOffset()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(10).equals(consumer.committed(queue)));
    }

    @Test
    void subscribeModeReadsEveryQueueAndFiltersByTag() throws Exception {
        String topic = Clients.uniqueName("T_sub");
        producer.send(new Message(topic, "create", new byte[] {1}));
        for (int i = 0; i < 20; i++) {
            producer.send(new Message(topic, i % 2 == 0 ? "TagA" : "TagB", ("m-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        DefaultLitePullConsumer consumer = consumer(Clients.uniqueName("SUB"));
        consumer.subscribe(topic, "TagA");
        consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.start();

        Set<String> read = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (MessageExt m : consumer.poll(500)) {
                assertThat(m.getTags()).isEqualTo("TagA");
                read.add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return read.size() >= 10;
        });

        assertThat(read).hasSize(10).allMatch(body -> Integer.parseInt(body.substring(2)) % 2 == 0);
    }
}
