package io.sluice.interop.rocketmq5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.admin.QueueRead;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.transaction.ExactlyOnceProducer;
import io.sluice.mq.client.transaction.TransactionException;
import io.sluice.mq.client.transaction.TransactionHandle;
import io.sluice.mq.client.transaction.TransactionOutcome;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.ResponseCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once producer's half-message fallback (docs/design/exactly-once-primitives.md §5.1)
 * against a real Apache RocketMQ 5.3.3 broker, with our client (the official clients have no API
 * for it). The broker runs its own instance with a check-back every second (it is the check-back
 * that finishes a commit whose committer died), so this class does not share the run-wide cluster.
 * Every scenario uses its own topic (4 queues), transactional id and producer group.
 */
class ExactlyOnceFallbackInteropTest {

    private static final String MARKERS = "SLUICE_EO_MARKERS";
    private static RealRocketMqCluster cluster;
    private static MqClient client;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        cluster = RealRocketMqCluster.start(
                Duration.ofSeconds(90),
                Path.of(System.getProperty(RealRocketMqCluster.CLASSPATH_PROPERTY)),
                new RealRocketMqCluster.Options(
                        List.of(),
                        Map.of(
                                "transactionCheckInterval", "1000",
                                "transactionTimeOut", "1000",
                                "transactionCheckMax", "300"),
                        Map.of()));
        client = MqClient.start(cluster.clientConfig("eos-fallback-it"));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void commitMakesEveryMessageVisibleExactlyOnceAndARepeatedCommitChangesNothing() {
        String topic = topic("commit");
        try (ExactlyOnceProducer producer = client.newExactlyOnceProducer(group("commit"), "fb-commit", topic)) {
            assertThat(producer.halfMessageFallback()).isTrue();
            assertThat(producer.unavailableFeatures()).containsExactlyInAnyOrder("idempotence", "transactions");
            producer.begin();
            List<String> sent = sendAll(producer, topic, 40);
            TransactionHandle handle = producer.prepareCommit();
            assertThat(handle.isHalfMessageFallback()).isTrue();
            assertThat(handle.stagedCount()).isEqualTo(40);
            assertThat(visible(topic))
                    .as("halves are invisible before the commit")
                    .isEmpty();

            assertThat(client.commit(handle)).isEqualTo(TransactionOutcome.COMMITTED);
            awaitVisible(topic, 40);
            assertThat(visible(topic)).containsExactlyInAnyOrderElementsOf(sent);

            assertThat(client.commit(handle)).isEqualTo(TransactionOutcome.ALREADY_COMMITTED);
            assertThatThrownBy(() -> client.abort(handle))
                    .isInstanceOfSatisfying(TransactionException.class, e -> assertThat(e.responseCode())
                            .isEqualTo(ResponseCode.TXN_ALREADY_COMMITTED));
            assertThat(visible(topic)).hasSize(40);
        }
    }

    @Test
    void abortedTransactionsNeverBecomeVisible() {
        String topic = topic("abort");
        try (ExactlyOnceProducer producer = client.newExactlyOnceProducer(group("abort"), "fb-abort", topic)) {
            producer.begin();
            sendAll(producer, topic, 10);
            assertThat(producer.abort()).isEqualTo(TransactionOutcome.ABORTED);

            producer.begin();
            sendAll(producer, topic, 10);
            TransactionHandle prepared = producer.prepareCommit();
            assertThat(client.abort(prepared)).isEqualTo(TransactionOutcome.ABORTED);
            assertThat(client.abort(prepared)).isEqualTo(TransactionOutcome.ALREADY_ABORTED);
            assertThatThrownBy(() -> client.commit(prepared))
                    .isInstanceOfSatisfying(TransactionException.class, e -> assertThat(e.responseCode())
                            .isEqualTo(ResponseCode.TXN_ALREADY_ABORTED));

            // A later committed transaction proves the aborted ones had time to show up.
            producer.begin();
            List<String> sent = sendAll(producer, topic, 3);
            assertThat(client.commit(producer.prepareCommit())).isEqualTo(TransactionOutcome.COMMITTED);
            awaitVisible(topic, 3);
            assertThat(visible(topic)).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void aSecondClientCommitsFromTheSerializedHandle() throws Exception {
        String topic = topic("handoff");
        try (ExactlyOnceProducer producer = client.newExactlyOnceProducer(group("handoff"), "fb-handoff", topic)) {
            producer.begin();
            List<String> sent = sendAll(producer, topic, 25);
            TransactionHandle handle = producer.prepareCommit();
            TransactionHandle restored = deserialize(serialize(handle));
            assertThat(TransactionHandle.parse(handle.encode())).isEqualTo(handle);
            try (MqClient committer = MqClient.start(cluster.clientConfig("eos-fallback-committer"))) {
                assertThat(committer.commit(restored)).isEqualTo(TransactionOutcome.COMMITTED);
            }
            awaitVisible(topic, 25);
            assertThat(visible(topic)).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(client.commit(handle)).isEqualTo(TransactionOutcome.ALREADY_COMMITTED);
            assertThat(visible(topic)).hasSize(25);
        }
    }

    /**
     * The committer writes the COMMIT marker and dies before any END_TRANSACTION (the marker is
     * written here as the committer's first step writes it: queue 0 of the marker topic, keys =
     * the handle's marker key, body {@code COMMIT|nonce}); the producer's client is gone too. A
     * restarted producer of the same group answers the broker's check-back from the marker.
     */
    @Test
    void aCommitWhoseCommitterDiedAfterTheMarkerIsFinishedByTheCheckBackToARestartedProducer() {
        String topic = topic("crash");
        TransactionHandle handle;
        List<String> sent;
        try (MqClient first = MqClient.start(cluster.clientConfig("eos-fallback-first"))) {
            ExactlyOnceProducer producer = first.newExactlyOnceProducer(group("crash"), "fb-crash", topic);
            producer.begin();
            sent = sendAll(producer, topic, 30);
            handle = producer.prepareCommit();
            Producer markerWriter = first.newProducer(ProducerConfig.of("PG_FB_MARKER_TEST"));
            markerWriter.send(
                    Message.builder(MARKERS)
                            .keys(handle.markerKey())
                            .body("COMMIT|died-before-end".getBytes(StandardCharsets.US_ASCII))
                            .build(),
                    new MessageQueue(MARKERS, RealRocketMqCluster.BROKER_NAME, 0));
        }
        assertThat(visible(topic)).as("no END_TRANSACTION was sent").isEmpty();

        try (MqClient restarted = MqClient.start(cluster.clientConfig("eos-fallback-restarted"));
                ExactlyOnceProducer again = restarted.newExactlyOnceProducer(group("crash"), "fb-crash", topic)) {
            assertThat(again.halfMessageFallback()).isTrue();
            awaitVisible(topic, 30);
            assertThat(visible(topic)).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(restarted.commit(handle)).isEqualTo(TransactionOutcome.ALREADY_COMMITTED);
            assertThat(visible(topic)).hasSize(30);
        }
    }

    /**
     * A prepared transaction that is never committed while a later one of the same producer
     * session is: the check-back writes an ABORT marker and rolls it back; committing it afterwards
     * is refused (the first marker stands) and its messages never appear.
     */
    @Test
    void theCheckBackRollsBackATransactionThatALaterOneOfTheSessionOvertook() {
        String topic = topic("overtaken");
        try (ExactlyOnceProducer producer = client.newExactlyOnceProducer(group("overtaken"), "fb-overtaken", topic)) {
            producer.begin();
            sendAll(producer, topic, 5);
            TransactionHandle skipped = producer.prepareCommit();
            producer.begin();
            List<String> later = sendAll(producer, topic, 2);
            assertThat(client.commit(producer.prepareCommit())).isEqualTo(TransactionOutcome.COMMITTED);

            Waits.until("the check-back's ABORT marker for " + skipped.markerKey(), Duration.ofSeconds(60), () -> {
                return markers().contains("ABORT " + skipped.markerKey());
            });
            assertThatThrownBy(() -> client.commit(skipped))
                    .isInstanceOfSatisfying(TransactionException.class, e -> assertThat(e.responseCode())
                            .isEqualTo(ResponseCode.TXN_ALREADY_ABORTED));
            awaitVisible(topic, 2);
            assertThat(visible(topic)).containsExactlyInAnyOrderElementsOf(later);
        }
    }

    private static ProducerConfig group(String name) {
        return ProducerConfig.of("PG_FB_" + name);
    }

    private static String topic(String name) {
        String topic = "IT_fb_" + name + "_" + System.nanoTime();
        client.admin().createTopic(NewTopic.of(topic, 4).inCluster(RealRocketMqCluster.CLUSTER));
        Waits.retrying("route of " + topic, Duration.ofSeconds(30), () -> client.admin()
                .topicRoute(topic)
                .orElseThrow());
        return topic;
    }

    private static List<String> sendAll(ExactlyOnceProducer producer, String topic, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = topic + "-" + producer.producerId() + "-" + i + "-" + System.nanoTime();
            producer.sendAsync(Message.builder(topic)
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .build());
            bodies.add(body);
        }
        return bodies;
    }

    /** Every visible message body of {@code topic}, duplicates included. */
    private static List<String> visible(String topic) {
        List<String> bodies = new ArrayList<>();
        for (MessageQueue queue : client.admin().queues(topic)) {
            long offset = 0;
            long max = client.admin().maxOffset(queue);
            while (offset < max) {
                QueueRead read = client.admin().read("CG_FB_CHECK", queue, offset, 64);
                for (ReceivedMessage message : read.messages()) {
                    bodies.add(new String(message.body(), StandardCharsets.UTF_8));
                }
                if (read.nextOffset() <= offset) {
                    break;
                }
                offset = read.nextOffset();
            }
        }
        return bodies;
    }

    private static void awaitVisible(String topic, int count) {
        Waits.until(
                count + " messages visible in " + topic,
                Duration.ofSeconds(60),
                () -> visible(topic).size() >= count);
    }

    /** "DECISION markerKey" per marker in the marker topic. */
    private static List<String> markers() {
        MessageQueue queue = new MessageQueue(MARKERS, RealRocketMqCluster.BROKER_NAME, 0);
        List<String> found = new ArrayList<>();
        long offset = 0;
        long max = client.admin().maxOffset(queue);
        while (offset < max) {
            QueueRead read = client.admin().read("CG_FB_CHECK", queue, offset, 64);
            for (ReceivedMessage message : read.messages()) {
                String body = new String(message.body(), StandardCharsets.US_ASCII);
                found.add(body.substring(0, body.indexOf('|')) + " "
                        + message.keys().get(0));
            }
            if (read.nextOffset() <= offset) {
                break;
            }
            offset = read.nextOffset();
        }
        return found;
    }

    private static byte[] serialize(TransactionHandle handle) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        }
        return bytes.toByteArray();
    }

    private static TransactionHandle deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (TransactionHandle) in.readObject();
        }
    }
}
