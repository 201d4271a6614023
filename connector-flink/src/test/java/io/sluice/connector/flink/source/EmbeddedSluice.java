package io.sluice.connector.flink.source;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.CommittedOffset;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A real Sluice nameserver and broker on loopback with ephemeral ports, plus a client to create
 * topics, produce, and read committed offsets. Not thread-safe; close it after the test.
 */
public final class EmbeddedSluice implements AutoCloseable {

    private final StandaloneCluster cluster;
    private final MqClient client;
    private final Producer producer;

    public EmbeddedSluice(Path dataDir) throws Exception {
        this.cluster = StandaloneCluster.start(
                BrokerConfig.builder(dataDir).ephemeralLoopback().build(), new SystemClock());
        this.client = MqClient.start(ClientConfig.builder(cluster.namesrvAddress())
                .instanceName("flink-source-test")
                .build());
        this.producer = client.newProducer(ProducerConfig.of("flink-source-test-producer"));
    }

    public String namesrv() {
        return cluster.namesrvAddress();
    }

    public MqClient client() {
        return client;
    }

    /** Creates {@code topic} with {@code queues} queues and waits until its route is visible. */
    public List<MessageQueue> createTopic(String topic, int queues) throws InterruptedException {
        client.admin().createTopic(topic, queues);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<MessageQueue> route = client.admin().queues(topic);
            if (route.size() == queues) {
                return route;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("route of " + topic + " did not show " + queues + " queues");
    }

    /** Sends {@code body} to {@code queue} with {@code tag} (may be null) and properties. */
    public void send(MessageQueue queue, String body, String tag, Map<String, String> properties) {
        Message.Builder message = Message.builder(queue.topic()).body(body.getBytes(StandardCharsets.UTF_8));
        if (tag != null) {
            message.tags(tag);
        }
        properties.forEach(message::property);
        producer.send(message.build(), queue);
    }

    public void sendBytes(MessageQueue queue, byte[] body) {
        producer.send(Message.builder(queue.topic()).body(body).build(), queue);
    }

    public OptionalLong committed(String group, MessageQueue queue) {
        return client.admin().committedOffset(group, queue);
    }

    /** The metadata stored with the group's committed offset of {@code queue}; empty if none. */
    public String commitMetadata(String group, MessageQueue queue) {
        return client.admin()
                .committed(group, queue)
                .map(CommittedOffset::metadata)
                .orElse("");
    }

    public long maxOffset(MessageQueue queue) {
        return client.admin().maxOffset(queue);
    }

    /** Every message of {@code topic} from offset 0, read with a plain consumer. */
    public List<ReceivedMessage> readAll(String topic, String group, int expected) {
        io.sluice.mq.client.consumer.Consumer consumer =
                client.newConsumer(io.sluice.mq.client.consumer.ConsumerConfig.builder(group)
                        .offsetReset(io.sluice.mq.client.consumer.OffsetResetStrategy.EARLIEST)
                        .build());
        try {
            List<MessageQueue> queues = client.admin().queues(topic);
            consumer.assign(queues);
            queues.forEach(q -> consumer.seek(q, 0));
            List<ReceivedMessage> all = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (all.size() < expected && System.nanoTime() < deadline) {
                all.addAll(consumer.poll(java.time.Duration.ofMillis(200)));
            }
            return all;
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        client.close();
        cluster.close();
    }
}
