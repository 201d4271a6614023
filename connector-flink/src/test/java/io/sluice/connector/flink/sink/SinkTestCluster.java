package io.sluice.connector.flink.sink;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.connector.testframe.TestResource;

/**
 * An in-process Sluice nameserver and broker on 127.0.0.1 with ephemeral ports, for the sink's
 * tests: topics are created explicitly (auto-creation is off, so an unknown topic is an error) and
 * the broker refuses bodies over {@link #MAX_MESSAGE_BYTES}. Also a Flink {@link TestResource}, so
 * Flink's connector test suites can start and stop it.
 */
final class SinkTestCluster implements TestResource {

    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final String CLUSTER = "SinkTestCluster";
    private static final AtomicLong TOPICS = new AtomicLong();

    private final boolean sluiceExtensions;
    private Path dir;
    private StandaloneCluster cluster;
    private MqClient client;

    /** A Sluice broker with its extensions (idempotence, transactional batches). */
    SinkTestCluster() {
        this(true);
    }

    /**
     * @param sluiceExtensions false: the broker answers the extension codes as a stock RocketMQ
     *     broker does (REQUEST_CODE_NOT_SUPPORTED)
     */
    SinkTestCluster(boolean sluiceExtensions) {
        this.sluiceExtensions = sluiceExtensions;
    }

    @Override
    public void startUp() throws Exception {
        dir = Files.createTempDirectory("sluice-flink-sink");
        cluster = StandaloneCluster.start(
                BrokerConfig.builder(dir)
                        .ephemeralLoopback()
                        .clusterName(CLUSTER)
                        .autoCreateTopicEnable(false)
                        .maxMessageSizeBytes(MAX_MESSAGE_BYTES)
                        .segmentSizeBytes(16 * 1024 * 1024)
                        .consumeQueueFileBytes(20 * 4096)
                        .registerTimeout(Duration.ofSeconds(3))
                        .sluiceExtensionsEnabled(sluiceExtensions)
                        .build(),
                new SystemClock());
        client = new MqClient(
                        ClientConfig.builder(cluster.namesrvAddress())
                                .instanceName("sink-test-reader")
                                .clientIp("127.0.0.1")
                                .build(),
                        new SystemClock(),
                        new SplittableRandom(7))
                .start();
    }

    @Override
    public void tearDown() {
        client.close();
        cluster.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster's own client (reads and admin requests of the tests). */
    MqClient client() {
        return client;
    }

    String namesrvAddress() {
        return cluster.namesrvAddress();
    }

    /** A new topic with {@code queues} queues, routable when this returns. */
    String newTopic(String prefix, int queues) {
        String topic = prefix + "_" + TOPICS.incrementAndGet() + "_" + System.nanoTime();
        client.admin().createTopic(NewTopic.of(topic, queues).inCluster(CLUSTER));
        Deadline.within(Duration.ofSeconds(20))
                .until("route of " + topic, () -> client.admin().queues(topic).size() == queues);
        return topic;
    }

    /** A consumer positioned at the start of every queue of {@code topic}; the caller closes it. */
    Consumer reader(String topic) {
        Consumer consumer = client.newConsumer(ConsumerConfig.builder("sink_test_reader_" + TOPICS.incrementAndGet())
                .pullSuspend(Duration.ofMillis(500))
                .startPosition(StartPosition.first())
                .build());
        List<MessageQueue> queues = consumer.fetchQueues(topic);
        consumer.assign(queues);
        consumer.seekToBeginning(queues);
        return consumer;
    }

    /**
     * Reads {@code topic} until it holds at least {@code atLeast} messages and every queue is read
     * to its end, within {@code timeout}; returns them in queue order, queue by queue.
     */
    List<ReceivedMessage> readAll(String topic, int atLeast, Duration timeout) {
        List<ReceivedMessage> read = new ArrayList<>();
        try (Consumer consumer = reader(topic)) {
            List<MessageQueue> queues = consumer.fetchQueues(topic);
            Deadline.within(timeout).until(atLeast + " messages in " + topic, () -> {
                read.addAll(consumer.poll(Duration.ofMillis(200)));
                return read.size() >= atLeast
                        && queues.stream().allMatch(q -> consumer.position(q) == consumer.maxOffset(q));
            });
        }
        read.sort(Comparator.comparing((ReceivedMessage m) -> m.queue().queueId())
                .thenComparingLong(ReceivedMessage::queueOffset));
        return read;
    }
}
