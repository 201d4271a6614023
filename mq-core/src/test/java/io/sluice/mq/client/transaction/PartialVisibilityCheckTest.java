package io.sluice.mq.client.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded checker: random transactions (sizes 1 to 300, two topics, five queues, one in five
 * aborted) while a consumer polls all queues concurrently. Every message carries its transaction
 * and the transaction's size. Whenever the consumer has read every queue to its end and the ends
 * did not move while it checked (read twice), its view is a snapshot, and every transaction in it
 * must be complete across all queues. At the end: committed transactions appear exactly once and
 * completely, aborted ones never, offsets are dense. The seed is in the test name, so a failure
 * replays (the interleaving with the reader is not seeded).
 */
class PartialVisibilityCheckTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PartialVisibilityCheckTest.class);

    private static final String[] TOPICS = {"EosCheckA", "EosCheckB"};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void consumersNeverSeePartOfATransaction(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        try (StandaloneCluster cluster = StandaloneCluster.start(TxnTestKit.config(dir), new SystemClock());
                MqClient client = TxnTestKit.client(cluster.namesrvAddress(), "check-" + seed, seed)) {
            client.admin().createTopic(TOPICS[0], 3);
            client.admin().createTopic(TOPICS[1], 2);
            ExactlyOnceProducer producer =
                    client.newExactlyOnceProducer(ProducerConfig.of("check"), "check-" + seed, TOPICS[0]);
            AtomicInteger expectedTotal = new AtomicInteger(-1);
            CompletableFuture<Map<MessageQueue, List<ReceivedMessage>>> reader =
                    CompletableFuture.supplyAsync(() -> read(client, expectedTotal));
            Map<String, Integer> committed = new HashMap<>();
            Set<String> aborted = new HashSet<>();
            for (int t = 0; t < 40; t++) {
                String txn = seed + "-" + t;
                int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 300 : 30);
                producer.begin();
                for (int i = 0; i < count; i++) {
                    String topic = TOPICS[random.nextInt(TOPICS.length)];
                    producer.sendAsync(Message.builder(topic)
                            .property("txn", txn)
                            .property("count", Integer.toString(count))
                            .body((txn + ":" + i).getBytes(StandardCharsets.UTF_8))
                            .build());
                }
                TransactionHandle handle = producer.prepareCommit();
                if (random.nextInt(5) == 0) {
                    client.abort(handle);
                    aborted.add(txn);
                } else {
                    client.commit(handle);
                    committed.put(txn, count);
                }
            }
            expectedTotal.set(
                    committed.values().stream().mapToInt(Integer::intValue).sum());
            Map<MessageQueue, List<ReceivedMessage>> seen = reader.get(150, TimeUnit.SECONDS);
            Map<String, Integer> perTxn = new HashMap<>();
            for (List<ReceivedMessage> queue : seen.values()) {
                for (int i = 0; i < queue.size(); i++) {
                    assertThat(queue.get(i).queueOffset()).isEqualTo(i); // dense, no duplicate
                    perTxn.merge(queue.get(i).property("txn"), 1, Integer::sum);
                }
            }
            assertThat(perTxn).isEqualTo(committed);
            assertThat(perTxn.keySet()).doesNotContainAnyElementsOf(aborted);
        }
    }

    /**
     * Polls every queue until {@code expected} (set once the writer is done) messages were read.
     * Whenever it has read up to every queue's end and the ends did not move meanwhile (read twice),
     * its view is a snapshot: every transaction in it must then be complete across all queues.
     */
    private static Map<MessageQueue, List<ReceivedMessage>> read(MqClient client, AtomicInteger expected) {
        Map<MessageQueue, List<ReceivedMessage>> seen = new HashMap<>();
        Map<String, Integer> perTxn = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        int read = 0;
        int snapshots = 0;
        try (Consumer consumer = client.newConsumer(ConsumerConfig.builder("checker")
                .pullSuspend(Duration.ofMillis(50))
                .build())) {
            List<MessageQueue> queues = new ArrayList<>();
            for (String topic : TOPICS) {
                queues.addAll(consumer.fetchQueues(topic));
            }
            consumer.assign(queues);
            consumer.seekToBeginning(queues);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((expected.get() < 0 || read < expected.get()) && System.nanoTime() - deadline < 0) {
                List<ReceivedMessage> batch = consumer.poll(Duration.ofMillis(50));
                for (ReceivedMessage message : batch) {
                    seen.computeIfAbsent(message.queue(), q -> new ArrayList<>())
                            .add(message);
                    perTxn.merge(message.property("txn"), 1, Integer::sum);
                    counts.put(message.property("txn"), Integer.parseInt(message.property("count")));
                    read++;
                }
                if (batch.isEmpty() && snapshot(consumer, queues)) {
                    snapshots++;
                    checkComplete(perTxn, counts);
                }
            }
            // The writer is done: the final view is a snapshot too (and the last one checked).
            assertThat(consumer.poll(Duration.ofMillis(200))).isEmpty();
            assertThat(snapshot(consumer, queues)).isTrue();
            checkComplete(perTxn, counts);
        }
        LOG.info("checked {} snapshots while writing, {} messages", snapshots, read);
        return seen;
    }

    private static void checkComplete(Map<String, Integer> perTxn, Map<String, Integer> counts) {
        perTxn.forEach((txn, got) -> assertThat(got)
                .as("messages of transaction %s visible in a snapshot", txn)
                .isEqualTo(counts.get(txn)));
    }

    /** Whether the consumer has read every queue to its end and no end moved while checking. */
    private static boolean snapshot(Consumer consumer, List<MessageQueue> queues) {
        Map<MessageQueue, Long> ends = new HashMap<>();
        for (MessageQueue queue : queues) {
            long end = consumer.maxOffset(queue);
            if (consumer.position(queue) != end) {
                return false;
            }
            ends.put(queue, end);
        }
        for (MessageQueue queue : queues) {
            if (consumer.maxOffset(queue) != ends.get(queue)) {
                return false;
            }
        }
        return true;
    }
}
