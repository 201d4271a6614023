package io.sluice.interop.rocketmq5;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.client.producer.SendStatus;
import io.sluice.mq.common.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sluice's producer against a real RocketMQ 5.3.3 broker; results read back with our consumer. */
@ExtendWith(RealRocketMqExtension.class)
class ProducerInteropTest {

    private static MqClient client;
    private static Producer producer;

    @BeforeAll
    static void startClient(RealRocketMqCluster cluster) {
        client = MqClient.start(cluster.clientConfig("producer-it"));
        producer = client.newProducer(ProducerConfig.of("PG_IT"));
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void syncSendToANewTopicGoesThroughTheAutoCreateRouteAndReadsBack() {
        String topic = "IT_sync_" + System.nanoTime();
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(producer.send(Message.builder(topic)
                    .tags("TagA")
                    .keys("key-" + i)
                    .property("n", Integer.toString(i))
                    .body(utf8("hello-" + i))
                    .build()));
        }
        assertThat(results).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(result.msgId()).hasSize(32).matches("[0-9A-F]{32}");
            assertThat(result.offsetMsgId()).hasSize(32).startsWith("7F000001");
            assertThat(result.queue().topic()).isEqualTo(topic);
        });
        Map<String, ReceivedMessage> read = readAll(topic, 8);
        for (SendResult result : results) {
            ReceivedMessage message = read.get(result.msgId());
            assertThat(message).as("message %s", result.msgId()).isNotNull();
            assertThat(message.queue()).isEqualTo(result.queue());
            assertThat(message.queueOffset()).isEqualTo(result.queueOffset());
            assertThat(message.offsetMsgId()).isEqualTo(result.offsetMsgId());
            assertThat(message.tags()).isEqualTo("TagA");
            assertThat(message.keys()).hasSize(1);
            assertThat(new String(message.body(), StandardCharsets.UTF_8)).startsWith("hello-");
            assertThat(message.property("n")).isNotNull();
        }
    }

    @Test
    void asyncOnewayBatchKeyedAndCompressedSends() {
        String topic = "IT_mixed_" + System.nanoTime();
        producer.send(Message.of(topic, utf8("create")));
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(producer.sendAsync(Message.of(topic, utf8("async-" + i))));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).join();
        producer.sendOneway(Message.of(topic, utf8("oneway")));
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(Message.builder(topic)
                    .tags("B")
                    .keys("b" + i)
                    .body(utf8("batch-" + i))
                    .build());
        }
        SendResult batchResult = producer.sendBatch(batch, "order-42");
        assertThat(batchResult.msgId().split(",")).hasSize(5);
        assertThat(batchResult.offsetMsgId().split(",")).hasSize(5);
        MessageQueue keyed =
                producer.send(Message.of(topic, utf8("keyed")), "order-42").queue();
        assertThat(keyed).isEqualTo(batchResult.queue());
        byte[] big = new byte[64 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 7);
        }
        SendResult bigResult = producer.send(Message.of(topic, big));

        Map<String, ReceivedMessage> read = readAll(topic, 1 + 20 + 1 + 5 + 1 + 1);
        assertThat(read.get(bigResult.msgId()).body()).isEqualTo(big);
        String[] batchIds = batchResult.msgId().split(",");
        for (int i = 0; i < batchIds.length; i++) {
            ReceivedMessage message = read.get(batchIds[i]);
            assertThat(message.queueOffset()).isEqualTo(batchResult.queueOffset() + i);
            assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("batch-" + i);
        }
        assertThat(read.values()).anySatisfy(m -> assertThat(new String(m.body(), StandardCharsets.UTF_8))
                .isEqualTo("oneway"));
        for (CompletableFuture<SendResult> future : futures) {
            assertThat(read).containsKey(future.join().msgId());
        }
    }

    /** Reads every message of {@code topic} from offset 0 in assign mode, keyed by msgId. */
    private static Map<String, ReceivedMessage> readAll(String topic, int expected) {
        Map<String, ReceivedMessage> read = new HashMap<>();
        try (Consumer consumer = client.newConsumer(ConsumerConfig.builder("CG_read_" + System.nanoTime())
                .pullSuspend(Duration.ofSeconds(2))
                .build())) {
            List<MessageQueue> queues =
                    Waits.retrying("route of " + topic, Duration.ofSeconds(30), () -> consumer.fetchQueues(topic));
            consumer.assign(queues);
            queues.forEach(queue -> consumer.seek(queue, 0));
            Waits.until(expected + " messages of " + topic, Duration.ofSeconds(30), () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(m -> read.put(m.msgId(), m));
                return read.size() >= expected;
            });
        }
        assertThat(read).hasSize(expected);
        return read;
    }
}
