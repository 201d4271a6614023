package io.sluice.mq.client.transaction;

import static io.sluice.mq.client.transaction.TxnTestKit.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.QueueRead;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once producer's half-message fallback (docs/design/exactly-once-primitives.md §5.1)
 * against a Sluice broker with {@code sluiceExtensionsEnabled=false}, which answers the private
 * codes like a stock RocketMQ broker: the same scenarios as {@code ExactlyOnceFallbackInteropTest}
 * runs against real RocketMQ 5.3.3, here over Sluice's own half-message implementation (checks
 * every 200 ms).
 */
class ExactlyOnceFallbackTest {

    private static final String MARKERS = HalfMessageMode.DEFAULT_MARKER_TOPIC;

    @TempDir
    Path dir;

    private StandaloneCluster cluster;
    private MqClient client;

    @BeforeEach
    void start() throws Exception {
        BrokerConfig config = BrokerConfig.builder(dir)
                .ephemeralLoopback()
                .segmentSizeBytes(16 * 1024 * 1024)
                .consumeQueueFileBytes(20 * 4096)
                .registerTimeout(Duration.ofSeconds(3))
                .sluiceExtensionsEnabled(false)
                .transactionTimeout(Duration.ofMillis(200))
                .transactionCheckInterval(Duration.ofMillis(200))
                .transactionCheckMax(1000)
                .build();
        cluster = StandaloneCluster.start(config, new SystemClock());
        client = TxnTestKit.client(cluster.namesrvAddress(), "eos-fallback", 11);
        client.admin().createTopic("FbA", 4);
    }

    @AfterEach
    void stop() {
        client.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void commitShowsEveryMessageOnceAbortShowsNoneAndBothAreIdempotent() throws Exception {
        assertThat(client.extensionFeatures(cluster.brokerAddress())).isEmpty();
        try (ExactlyOnceProducer producer = client.newExactlyOnceProducer(ProducerConfig.of("fb"), "fb-0", "FbA")) {
            assertThat(producer.halfMessageFallback()).isTrue();
            producer.begin();
            List<String> aborted = sendAll(producer, "x", 6);
            TransactionHandle abortedHandle = producer.prepareCommit();
            assertThat(client.abort(abortedHandle)).isEqualTo(TransactionOutcome.ABORTED);
            assertThat(client.abort(abortedHandle)).isEqualTo(TransactionOutcome.ALREADY_ABORTED);
            assertThatThrownBy(() -> client.commit(abortedHandle))
                    .isInstanceOfSatisfying(TransactionException.class, e -> assertThat(e.responseCode())
                            .isEqualTo(ResponseCode.TXN_ALREADY_ABORTED));

            producer.begin();
            List<String> committed = sendAll(producer, "c", 40);
            TransactionHandle handle = producer.prepareCommit();
            assertThat(handle.halfMessages().ids()).hasSize(40);
            assertThat(visible("FbA")).isEmpty();
            assertThat(client.commit(handle)).isEqualTo(TransactionOutcome.COMMITTED);
            assertThat(client.commit(handle)).isEqualTo(TransactionOutcome.ALREADY_COMMITTED);
            awaitVisible(40);
            assertThat(visible("FbA"))
                    .containsExactlyInAnyOrderElementsOf(committed)
                    .doesNotContainAnyElementsOf(aborted);
        }
    }

    @Test
    void aSecondClientCommitsFromTheEncodedHandle() throws Exception {
        try (ExactlyOnceProducer producer = client.newExactlyOnceProducer(ProducerConfig.of("fb"), "fb-1", "FbA")) {
            producer.begin();
            List<String> sent = sendAll(producer, "h", 12);
            String checkpoint = producer.prepareCommit().encode();
            try (MqClient committer = TxnTestKit.client(cluster.namesrvAddress(), "committer", 12)) {
                assertThat(committer.commit(TransactionHandle.parse(checkpoint)))
                        .isEqualTo(TransactionOutcome.COMMITTED);
            }
            assertThat(client.commit(TransactionHandle.parse(checkpoint)))
                    .isEqualTo(TransactionOutcome.ALREADY_COMMITTED);
            awaitVisible(12);
            assertThat(visible("FbA")).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void theCheckBackToARestartedProducerFinishesACommitWhoseCommitterDiedAfterTheMarker() throws Exception {
        TransactionHandle handle;
        List<String> sent;
        try (MqClient first = TxnTestKit.client(cluster.namesrvAddress(), "first", 13)) {
            ExactlyOnceProducer producer = first.newExactlyOnceProducer(ProducerConfig.of("fb-crash"), "fb-2", "FbA");
            producer.begin();
            sent = sendAll(producer, "k", 20);
            handle = producer.prepareCommit();
            // The committer's first step, as it writes it; then it dies before any END_TRANSACTION.
            Producer markerWriter = first.newProducer(ProducerConfig.of("marker-test"));
            markerWriter.send(
                    Message.builder(MARKERS)
                            .keys(handle.markerKey())
                            .body("COMMIT|died".getBytes(StandardCharsets.US_ASCII))
                            .build(),
                    new MessageQueue(MARKERS, handle.brokerName(), 0));
        }
        assertThat(visible("FbA")).isEmpty();
        try (MqClient restarted = TxnTestKit.client(cluster.namesrvAddress(), "restarted", 14);
                ExactlyOnceProducer again =
                        restarted.newExactlyOnceProducer(ProducerConfig.of("fb-crash"), "fb-2", "FbA")) {
            awaitVisible(20);
            assertThat(visible("FbA")).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(restarted.commit(handle)).isEqualTo(TransactionOutcome.ALREADY_COMMITTED);
        }
    }

    @Test
    void theCheckBackRollsBackATransactionOvertakenByALaterOneOfItsSession() throws Exception {
        try (ExactlyOnceProducer producer = client.newExactlyOnceProducer(ProducerConfig.of("fb"), "fb-3", "FbA")) {
            producer.begin();
            sendAll(producer, "s", 5);
            TransactionHandle skipped = producer.prepareCommit();
            producer.begin();
            List<String> later = sendAll(producer, "l", 2);
            assertThat(client.commit(producer.prepareCommit())).isEqualTo(TransactionOutcome.COMMITTED);
            TxnTestKit.until("the check-back's ABORT marker", () -> markers().contains("ABORT " + skipped.markerKey()));
            assertThatThrownBy(() -> client.commit(skipped))
                    .isInstanceOfSatisfying(TransactionException.class, e -> assertThat(e.responseCode())
                            .isEqualTo(ResponseCode.TXN_ALREADY_ABORTED));
            awaitVisible(2);
            assertThat(visible("FbA")).containsExactlyInAnyOrderElementsOf(later);
        }
    }

    private static List<String> sendAll(ExactlyOnceProducer producer, String prefix, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = prefix + producer.producerId() + "-" + i;
            producer.sendAsync(message("FbA", body));
            bodies.add(body);
        }
        return bodies;
    }

    private List<String> visible(String topic) {
        List<String> bodies = new ArrayList<>();
        for (MessageQueue queue : client.admin().queues(topic)) {
            for (ReceivedMessage message : readQueue(queue)) {
                bodies.add(TxnTestKit.body(message));
            }
        }
        return bodies;
    }

    private List<ReceivedMessage> readQueue(MessageQueue queue) {
        List<ReceivedMessage> all = new ArrayList<>();
        long offset = 0;
        long max = client.admin().maxOffset(queue);
        while (offset < max) {
            QueueRead read = client.admin().read("fb-reader", queue, offset, 64);
            all.addAll(read.messages());
            if (read.nextOffset() <= offset) {
                break;
            }
            offset = read.nextOffset();
        }
        return all;
    }

    private void awaitVisible(int count) throws InterruptedException {
        TxnTestKit.until(count + " messages visible", () -> visible("FbA").size() >= count);
    }

    private List<String> markers() {
        List<String> found = new ArrayList<>();
        for (ReceivedMessage message : readQueue(new MessageQueue(MARKERS, "broker-a", 0))) {
            String body = new String(message.body(), StandardCharsets.US_ASCII);
            found.add(
                    body.substring(0, body.indexOf('|')) + " " + message.keys().get(0));
        }
        return found;
    }
}
