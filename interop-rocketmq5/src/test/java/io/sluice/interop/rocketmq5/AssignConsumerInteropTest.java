package io.sluice.interop.rocketmq5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.NoOffsetForQueueException;
import io.sluice.mq.client.OffsetOutOfRangeException;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.consumer.CommittedOffset;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.OffsetResetStrategy;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Assign mode against a real RocketMQ 5.3.3 broker: explicit offsets, commits, filters, pauses. */
@ExtendWith(RealRocketMqExtension.class)
class AssignConsumerInteropTest {

    private static MqClient client;
    private static Producer producer;
    private static String topic;
    private static MessageQueue queue;

    @BeforeAll
    static void fill(RealRocketMqCluster cluster) {
        client = MqClient.start(cluster.clientConfig("assign-it"));
        producer = client.newProducer(ProducerConfig.of("PG_ASSIGN"));
        topic = "IT_assign_" + System.nanoTime();
        client.admin().createTopic(NewTopic.of(topic, 2));
        List<MessageQueue> queues = Waits.retrying("route of " + topic, Duration.ofSeconds(30), () -> {
            List<MessageQueue> found = client.admin().queues(topic);
            assertThat(found).hasSize(2);
            return found;
        });
        queue = queues.get(0);
        for (int i = 0; i < 30; i++) {
            producer.send(
                    Message.builder(topic)
                            .tags(i % 3 == 0 ? "even3" : "other")
                            .body(bytes("m" + i))
                            .build(),
                    queue);
        }
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ConsumerConfig.Builder config(String group) {
        return ConsumerConfig.builder(group).pullSuspend(Duration.ofSeconds(2)).pullBatchSize(8);
    }

    private static List<ReceivedMessage> pollUntil(Consumer consumer, int count) {
        List<ReceivedMessage> out = new ArrayList<>();
        Waits.until(count + " messages", Duration.ofSeconds(20), () -> {
            out.addAll(consumer.poll(Duration.ofMillis(300)));
            return out.size() >= count;
        });
        return out;
    }

    @Test
    void explicitOffsetsPositionsCommitsAndCommitted() {
        String group = "CG_assign_" + System.nanoTime();
        try (Consumer consumer = client.newConsumer(config(group).build())) {
            assertThat(consumer.minOffset(queue)).isZero();
            assertThat(consumer.maxOffset(queue)).isEqualTo(30);
            consumer.assign(List.of(queue));
            consumer.seek(queue, 10);
            assertThat(consumer.position(queue)).isEqualTo(10);
            List<ReceivedMessage> first = pollUntil(consumer, 20);
            assertThat(first).extracting(ReceivedMessage::queueOffset).startsWith(10L, 11L, 12L);
            assertThat(first.get(0).body()).isEqualTo(bytes("m10"));
            assertThat(first.get(0).storeTimestamp()).isPositive();
            assertThat(consumer.position(queue)).isEqualTo(30);
            consumer.commit(Map.of(queue, 25L));
            assertThat(consumer.committed(queue)).hasValue(25);
            // A stock broker stores the offset of a commit with metadata and keeps no metadata.
            consumer.commit(Map.of(queue, 27L), "flink job=j subtask=0 checkpoint=3");
            assertThat(consumer.committedOffset(queue)).hasValue(new CommittedOffset(27, ""));
            consumer.commitSync();
            assertThat(consumer.committed(queue)).hasValue(30);

            consumer.seekToBeginning(List.of(queue));
            assertThat(pollUntil(consumer, 30).get(0).queueOffset()).isZero();
            consumer.seekToEnd(List.of(queue));
            assertThat(consumer.position(queue)).isEqualTo(30);
            producer.send(Message.of(topic, bytes("late")), queue);
            List<ReceivedMessage> late = pollUntil(consumer, 1);
            assertThat(late.get(0).queueOffset()).isEqualTo(30);
        }
        try (Consumer restarted = client.newConsumer(config(group).build())) {
            restarted.assign(List.of(queue));
            assertThat(restarted.position(queue)).isEqualTo(30);
        }
    }

    @Test
    void tagFilterPauseResumeAndTimestampSearch() {
        try (Consumer consumer =
                client.newConsumer(config("CG_tags_" + System.nanoTime()).build())) {
            consumer.assign(List.of(queue), "even3");
            consumer.seek(queue, 0);
            List<ReceivedMessage> tagged = pollUntil(consumer, 10);
            assertThat(tagged).extracting(ReceivedMessage::tags).containsOnly("even3");
            assertThat(tagged).extracting(ReceivedMessage::queueOffset).contains(0L, 3L, 27L);

            consumer.seek(queue, 0);
            consumer.pause(List.of(queue));
            assertThat(consumer.poll(Duration.ofMillis(500))).isEmpty();
            consumer.resume(List.of(queue));
            assertThat(pollUntil(consumer, 1)).isNotEmpty();

            ReceivedMessage fifth = tagged.get(5);
            long found = consumer.offsetForTimestamp(queue, fifth.storeTimestamp());
            assertThat(found).isLessThanOrEqualTo(fifth.queueOffset());
            assertThat(consumer.offsetForTimestamp(queue, Long.MAX_VALUE / 2)).isGreaterThanOrEqualTo(29);
        }
    }

    @Test
    void outOfRangeOffsetsFollowTheResetStrategy() {
        try (Consumer consumer =
                client.newConsumer(config("CG_reset_" + System.nanoTime()).build())) {
            consumer.assign(List.of(queue));
            consumer.seek(queue, 1000);
            Waits.until("position corrected to the max offset", Duration.ofSeconds(20), () -> {
                consumer.poll(Duration.ofMillis(200));
                return consumer.position(queue) <= consumer.maxOffset(queue);
            });
        }
        try (Consumer strict = client.newConsumer(config("CG_none_" + System.nanoTime())
                .offsetReset(OffsetResetStrategy.NONE)
                .build())) {
            strict.assign(List.of(queue));
            strict.seek(queue, 1000);
            Waits.until("out-of-range error from poll", Duration.ofSeconds(20), () -> {
                try {
                    strict.poll(Duration.ofMillis(200));
                    return false;
                } catch (OffsetOutOfRangeException e) {
                    assertThat(e.queue()).isEqualTo(queue);
                    assertThat(e.requestedOffset()).isEqualTo(1000);
                    return true;
                }
            });
        }
        try (Consumer noOffset = client.newConsumer(config("CG_nooffset_" + System.nanoTime())
                .offsetReset(OffsetResetStrategy.NONE)
                .build())) {
            MessageQueue emptyQueue = new MessageQueue(topic, queue.brokerName(), 1);
            noOffset.assign(List.of(emptyQueue));
            assertThatThrownBy(() -> noOffset.position(emptyQueue)).isInstanceOf(NoOffsetForQueueException.class);
        }
    }
}
