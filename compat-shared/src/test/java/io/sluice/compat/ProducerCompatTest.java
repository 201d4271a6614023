package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The official DefaultMQProducer against Sluice: every send mode, batches, compression, view by id. */
@ExtendWith(SluiceCluster.class)
class ProducerCompatTest {

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

    private static Message message(String topic, String tag, String key, String body) {
        return new Message(topic, tag, key, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void syncSendToANewTopicAutoCreatesItAndReportsWhereTheMessageWent() throws Exception {
        String topic = Clients.uniqueName("T_sync");

        SendResult first = producer.send(message(topic, "TagA", "key-1", "hello"));
        SendResult second = producer.send(message(topic, "TagA", "key-2", "world"), first.getMessageQueue(), 10_000);

        assertThat(first.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(first.getMsgId()).matches("[0-9A-F]{32}|[0-9A-F]{56}"); // client id: IPv4 or IPv6 host
        assertThat(first.getOffsetMsgId()).hasSize(32); // broker id: the IPv4 loopback store host
        assertThat(second.getQueueOffset()).isEqualTo(first.getQueueOffset() + 1);
        List<MessageExt> read = readAll(topic, 2);
        assertThat(read).extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("hello", "world");
        assertThat(read).extracting(MessageExt::getTags).containsOnly("TagA");
        assertThat(read).extracting(MessageExt::getKeys).containsExactlyInAnyOrder("key-1", "key-2");
        assertThat(read).extracting(MessageExt::getMsgId).contains(first.getMsgId(), second.getMsgId());
    }

    @Test
    void asyncAndOnewaySendsArrive() throws Exception {
        String topic = Clients.uniqueName("T_async");
        producer.send(message(topic, null, null, "create"));
        List<CompletableFuture<SendResult>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            CompletableFuture<SendResult> result = new CompletableFuture<>();
            producer.send(message(topic, null, null, "async-" + i), new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    result.complete(sendResult);
                }

                @Override
                public void onException(Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            results.add(result);
        }
        for (int i = 0; i < 10; i++) {
            producer.sendOneway(message(topic, null, null, "oneway-" + i));
        }

        for (CompletableFuture<SendResult> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        assertThat(readAll(topic, 31)).hasSize(31);
    }

    @Test
    void batchesGetConsecutiveOffsetsInOneQueue() throws Exception {
        String topic = Clients.uniqueName("T_batch");
        producer.send(message(topic, null, null, "create"));
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            batch.add(message(topic, "B", "k" + i, "batch-" + i));
        }

        SendResult result = producer.send(batch);

        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.getMsgId().split(",")).hasSize(32);
        List<MessageExt> inQueue = readAll(topic, 33).stream()
                .filter(m -> m.getQueueId() == result.getMessageQueue().getQueueId() && "B".equals(m.getTags()))
                .toList();
        assertThat(inQueue).hasSize(32);
        for (int i = 0; i < 32; i++) {
            MessageExt m = inQueue.get(i);
            assertThat(m.getQueueOffset()).isEqualTo(result.getQueueOffset() + i);
            assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo("batch-" + i);
        }
    }

    @Test
    void compressedBodiesComeBackIntact() throws Exception {
        String topic = Clients.uniqueName("T_zip");
        String large = "compressible ".repeat(2000); // 26 KB > compressMsgBodyOverHowmuch (4 KiB)

        producer.send(message(topic, null, null, large));

        assertThat(readAll(topic, 1)).singleElement()
                .satisfies(m -> assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo(large));
    }

    @Test
    void viewMessageByOffsetIdReturnsTheStoredMessage() throws Exception {
        String topic = Clients.uniqueName("T_view");
        SendResult sent = producer.send(message(topic, "V", "view-key", "look at me"));

        MessageExt viewed = producer.viewMessage(topic, sent.getOffsetMsgId());

        assertThat(new String(viewed.getBody(), StandardCharsets.UTF_8)).isEqualTo("look at me");
        assertThat(viewed.getTopic()).isEqualTo(topic);
        assertThat(viewed.getQueueOffset()).isEqualTo(sent.getQueueOffset());
        assertThat(viewed.getMsgId()).isEqualTo(sent.getMsgId());
    }

    /** Reads every queue of {@code topic} from offset 0 until {@code expected} messages arrived. */
    private List<MessageExt> readAll(String topic, int expected) throws Exception {
        DefaultLitePullConsumer consumer = Clients.litePull(SluiceCluster.namesrvAddress(), Clients.uniqueName("READ"));
        consumers.add(consumer);
        consumer.start();
        List<MessageQueue> queues = Clients.queuesOf(consumer, topic);
        consumer.assign(queues);
        for (MessageQueue queue : queues) {
            Clients.seek(consumer, queue, 0);
        }
        List<MessageExt> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            read.addAll(consumer.poll(500));
            return read.size() >= expected;
        });
        read.sort(java.util.Comparator.comparing((MessageExt m) -> m.getQueueId()).thenComparing(MessageExt::getQueueOffset));
        return read;
    }
}
