package io.sluice.mq.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.transaction.ExactlyOnceProducer;
import io.sluice.mq.client.transaction.TransactionHandle;
import io.sluice.mq.client.transaction.TransactionInfo;
import io.sluice.mq.client.transaction.TransactionListing;
import io.sluice.mq.client.transaction.TransactionOutcome;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly-once transactions across a SIGKILL of {@code sluice standalone} in a child JVM, one
 * transaction in each phase at the kill: committed (its commit acknowledged), prepared (sealed,
 * not committed), open (sends acknowledged, not sealed). After the restart the committed one is
 * visible exactly once and answers ALREADY_COMMITTED, the prepared one is committed from its
 * serialized handle by a fresh client, the open one is listed and can be aborted; nothing else is
 * visible and offsets are dense.
 */
class ExactlyOnceKillIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String TOPIC = "EosKillIT";

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyPhaseSurvivesAKill() throws Exception {
        Path dir = Files.createTempDirectory("sluice-eos-kill");
        try (SluiceChildProcess child = new SluiceChildProcess(
                dir.resolve("store"), dir, SluiceChildProcess.freePort(), SluiceChildProcess.freePort(), Map.of())) {
            child.start(START_TIMEOUT);
            String committed;
            String prepared;
            try (MqClient client = client(child, 1)) {
                client.admin().createTopic(TOPIC, 2);
                ExactlyOnceProducer producer =
                        client.newExactlyOnceProducer(ProducerConfig.of("eos-kill"), "kill-sink-0", TOPIC);
                committed = transaction(producer, "committed", 50).encode();
                assertThat(client.commit(TransactionHandle.parse(committed))).isEqualTo(TransactionOutcome.COMMITTED);
                prepared = transaction(producer, "prepared", 30).encode();
                producer.begin();
                for (int i = 0; i < 20; i++) {
                    producer.send(message("open-" + i));
                }
                assertThat(child.kill(Duration.ofSeconds(10))).isNotZero();
            }
            child.start(START_TIMEOUT);
            try (MqClient client = client(child, 2)) {
                List<TransactionInfo> open = client.listTransactions("kill-sink-", TransactionListing.OPEN, TOPIC);
                assertThat(open).extracting(TransactionInfo::state).containsExactlyInAnyOrder("SEALED", "OPEN");
                assertThat(client.commit(TransactionHandle.parse(committed)))
                        .isEqualTo(TransactionOutcome.ALREADY_COMMITTED);
                assertThat(client.commit(TransactionHandle.parse(prepared))).isEqualTo(TransactionOutcome.COMMITTED);
                TransactionInfo unsealed = open.stream()
                        .filter(info -> info.state().equals("OPEN"))
                        .findFirst()
                        .orElseThrow();
                assertThat(unsealed.stagedCount()).isEqualTo(20);
                assertThat(client.abort(unsealed.handle(TOPIC))).isEqualTo(TransactionOutcome.ABORTED);

                List<ReceivedMessage> delivered = readAll(client, 80);
                List<String> bodies = new ArrayList<>();
                delivered.forEach(m -> bodies.add(new String(m.body(), StandardCharsets.UTF_8)));
                assertThat(bodies).hasSize(80).doesNotHaveDuplicates().noneMatch(body -> body.startsWith("open-"));
                for (int queue = 0; queue < 2; queue++) {
                    int q = queue;
                    List<Long> offsets = delivered.stream()
                            .filter(m -> m.queue().queueId() == q)
                            .map(ReceivedMessage::queueOffset)
                            .sorted()
                            .toList();
                    for (int i = 0; i < offsets.size(); i++) {
                        assertThat(offsets.get(i)).isEqualTo(i); // dense
                    }
                }
            }
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage(), e);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static TransactionHandle transaction(ExactlyOnceProducer producer, String name, int messages) {
        producer.begin();
        for (int i = 0; i < messages; i++) {
            producer.sendAsync(message(name + "-" + i));
        }
        return producer.prepareCommit();
    }

    private static List<ReceivedMessage> readAll(MqClient client, int expected) {
        try (Consumer consumer = client.newConsumer(ConsumerConfig.builder("eos-kill-reader")
                .pullSuspend(Duration.ofMillis(200))
                .build())) {
            List<MessageQueue> queues = consumer.fetchQueues(TOPIC);
            consumer.assign(queues);
            consumer.seekToBeginning(queues);
            List<ReceivedMessage> all = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (all.size() < expected && System.nanoTime() - deadline < 0) {
                all.addAll(consumer.poll(Duration.ofMillis(200)));
            }
            all.addAll(consumer.poll(Duration.ofMillis(300)));
            return all;
        }
    }

    private static Message message(String body) {
        return Message.builder(TOPIC)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static MqClient client(SluiceChildProcess child, long seed) {
        ClientConfig config = ClientConfig.builder(child.namesrvAddress())
                .instanceName("eos-kill-" + seed)
                .clientIp("127.0.0.1")
                .requestTimeout(Duration.ofSeconds(3))
                .routeRefreshInterval(Duration.ofSeconds(1))
                .build();
        return new MqClient(config, new SystemClock(), new SplittableRandom(seed)).start();
    }
}
