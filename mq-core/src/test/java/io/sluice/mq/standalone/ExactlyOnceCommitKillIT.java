package io.sluice.mq.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.QueueRead;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.transaction.ExactlyOnceProducer;
import io.sluice.mq.client.transaction.TransactionHandle;
import io.sluice.mq.client.transaction.TransactionOutcome;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import io.sluice.mq.common.SystemClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Large exactly-once commits in flight while {@code sluice standalone} (child JVM) is SIGKILLed,
 * over several seeded rounds on one store (system property {@code sluice.eos.kill.seed} replays a
 * run). Each round prepares {@value #PRODUCERS} transactions of 1500 to 3000 messages, each across
 * 4 queues of one topic and 3 of another, commits them from concurrent threads and kills the broker
 * after a seeded number of commit answers. After the restart every transaction is all visible
 * exactly once or not visible at all, never partial: an acknowledged commit is visible and
 * answers ALREADY_COMMITTED; an unacknowledged one is either visible whole (ALREADY_COMMITTED) or
 * invisible and still committable or abortable (seeded choice). Queue offsets stay dense.
 */
class ExactlyOnceCommitKillIT {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceCommitKillIT.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int ROUNDS = 4;
    private static final int PRODUCERS = 4;

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void largeCommitsInFlightAtAKillAreAllOrNothing() throws Exception {
        long seed = Long.getLong("sluice.eos.kill.seed", 20_261_125L);
        SplittableRandom random = new SplittableRandom(seed);
        Path dir = Files.createTempDirectory("sluice-eos-commit-kill");
        try (SluiceChildProcess child = new SluiceChildProcess(
                dir.resolve("store"), dir, SluiceChildProcess.freePort(), SluiceChildProcess.freePort(), Map.of())) {
            child.start(START_TIMEOUT);
            for (int round = 0; round < ROUNDS; round++) {
                Round state = new Round(round, random);
                Map<Integer, TransactionOutcome> acknowledged;
                try (MqClient client = client(child, 100L * round + 1)) {
                    acknowledged = state.prepareCommitAndKill(client, child);
                }
                child.start(START_TIMEOUT);
                try (MqClient client = client(child, 100L * round + 2)) {
                    state.verifyAndSettle(client, acknowledged);
                }
            }
        } catch (AssertionError | Exception e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** One round: its topics, transactions and seeded choices. */
    private static final class Round {
        final int round;
        final SplittableRandom random;
        final String topicA;
        final String topicB;
        final List<TransactionHandle> handles = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();

        Round(int round, SplittableRandom random) {
            this.round = round;
            this.random = random;
            this.topicA = "EosBigA" + round;
            this.topicB = "EosBigB" + round;
        }

        /** Prepares the transactions, commits them concurrently, kills after a seeded number of answers. */
        Map<Integer, TransactionOutcome> prepareCommitAndKill(MqClient client, SluiceChildProcess child)
                throws Exception {
            client.admin().createTopic(topicA, 4);
            client.admin().createTopic(topicB, 3);
            for (int p = 0; p < PRODUCERS; p++) {
                ExactlyOnceProducer producer =
                        client.newExactlyOnceProducer(ProducerConfig.of("eos-big"), "big-sink-" + p, topicA);
                int size = 1500 + random.nextInt(1501);
                producer.begin();
                for (int i = 0; i < size; i++) {
                    producer.sendAsync(message(i % 3 == 0 ? topicB : topicA, prefix(p) + i));
                }
                handles.add(producer.prepareCommit());
                sizes.add(size);
                assertThat(handles.get(p).stagedCount()).isEqualTo(size);
            }
            int killAfter = random.nextInt(PRODUCERS);
            long killDelayMicros = random.nextLong(40_000);
            Map<Integer, TransactionOutcome> acknowledged = new ConcurrentHashMap<>();
            CountDownLatch answers = new CountDownLatch(killAfter);
            ExecutorService committers = Executors.newFixedThreadPool(PRODUCERS);
            try {
                for (int p = 0; p < PRODUCERS; p++) {
                    int index = p;
                    committers.execute(() -> {
                        try {
                            acknowledged.put(index, client.commit(handles.get(index)));
                        } catch (MqException e) { // the kill: this commit's fate is checked after the restart
                            acknowledged.remove(index);
                        } finally {
                            answers.countDown();
                        }
                    });
                }
                assertThat(answers.await(60, TimeUnit.SECONDS)).isTrue();
                // A seeded 0-40 ms more: the kill lands before, during or after the next commit's write.
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(killDelayMicros));
                assertThat(child.kill(Duration.ofSeconds(10))).isNotZero();
            } finally {
                committers.shutdown();
                assertThat(committers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            return Map.copyOf(acknowledged);
        }

        /** Checks all-or-nothing, settles the invisible ones (seeded), and checks the end state. */
        void verifyAndSettle(MqClient client, Map<Integer, TransactionOutcome> acknowledged) throws Exception {
            Map<Integer, Integer> counts = visibleCounts(client);
            Map<Integer, Boolean> expectVisible = new HashMap<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int count = counts.getOrDefault(p, 0);
                String what = "round " + round + " transaction " + p + " (" + sizes.get(p) + " messages, acknowledged "
                        + acknowledged.get(p) + ")";
                assertThat(count).as(what + " is all or nothing").isIn(0, sizes.get(p));
                if (acknowledged.containsKey(p)) {
                    assertThat(acknowledged.get(p)).isEqualTo(TransactionOutcome.COMMITTED);
                    assertThat(count).as(what + " is visible").isEqualTo(sizes.get(p));
                }
                if (count > 0) {
                    assertThat(client.commit(handles.get(p))).isEqualTo(TransactionOutcome.ALREADY_COMMITTED);
                    expectVisible.put(p, true);
                } else if (random.nextBoolean()) {
                    assertThat(client.commit(handles.get(p))).isEqualTo(TransactionOutcome.COMMITTED);
                    expectVisible.put(p, true);
                } else {
                    assertThat(client.abort(handles.get(p))).isEqualTo(TransactionOutcome.ABORTED);
                    expectVisible.put(p, false);
                }
            }
            LOG.warn(
                    "round {}: sizes {}, acknowledged {}, visible after the restart {}",
                    round,
                    sizes,
                    acknowledged.keySet(),
                    counts.keySet());
            Map<Integer, Integer> after = visibleCounts(client);
            for (int p = 0; p < PRODUCERS; p++) {
                assertThat(after.getOrDefault(p, 0))
                        .as("round " + round + " transaction " + p + " after settling")
                        .isEqualTo(expectVisible.get(p) ? sizes.get(p) : 0);
            }
        }

        /**
         * Messages per transaction in both topics, once a message written after them is readable
         * (the store publishes in log order). Fails on a duplicate body or a gap in queue offsets.
         */
        private Map<Integer, Integer> visibleCounts(MqClient client) throws InterruptedException {
            String fence = "fence-" + System.nanoTime();
            MessageQueue fenceQueue = new MessageQueue(
                    topicB, client.admin().queues(topicB).get(0).brokerName(), 0);
            client.newProducer(ProducerConfig.of("eos-big-fence")).send(message(topicB, fence), fenceQueue);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read(client, fenceQueue).stream().noneMatch(fence::equals)) {
                assertThat(System.nanoTime() - deadline).as("fence readable").isNegative();
                TimeUnit.MILLISECONDS.sleep(50);
            }
            Map<String, Boolean> seen = new HashMap<>();
            Map<Integer, Integer> counts = new HashMap<>();
            for (String topic : List.of(topicA, topicB)) {
                for (MessageQueue queue : client.admin().queues(topic)) {
                    for (String body : read(client, queue)) {
                        if (!body.startsWith("r" + round + "-")) {
                            continue; // a fence
                        }
                        assertThat(seen.put(body, true)).as("duplicate " + body).isNull();
                        int p = Integer.parseInt(body.substring(body.indexOf("-p") + 2, body.lastIndexOf('-')));
                        counts.merge(p, 1, Integer::sum);
                    }
                }
            }
            return counts;
        }

        /** Every body of {@code queue} from offset 0 to its end, checking offsets are dense. */
        private static List<String> read(MqClient client, MessageQueue queue) {
            List<String> bodies = new ArrayList<>();
            long offset = 0;
            long max = client.admin().maxOffset(queue);
            while (offset < max) {
                QueueRead read = client.admin().read("eos-big-reader", queue, offset, 512);
                for (ReceivedMessage message : read.messages()) {
                    if (message.queueOffset() >= max) {
                        break; // written after this read began (the fence)
                    }
                    assertThat(message.queueOffset())
                            .as("dense offsets in " + queue)
                            .isEqualTo(bodies.size());
                    bodies.add(new String(message.body(), StandardCharsets.UTF_8));
                }
                if (read.nextOffset() <= offset) {
                    break;
                }
                offset = read.nextOffset();
            }
            assertThat(bodies).as("messages of " + queue).hasSize((int) max);
            return bodies;
        }

        private String prefix(int producer) {
            return "r" + round + "-p" + producer + "-";
        }
    }

    private static Message message(String topic, String body) {
        return Message.builder(topic)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static MqClient client(SluiceChildProcess child, long seed) {
        ClientConfig config = ClientConfig.builder(child.namesrvAddress())
                .instanceName("eos-commit-kill-" + seed)
                .clientIp("127.0.0.1")
                .requestTimeout(Duration.ofSeconds(5))
                .routeRefreshInterval(Duration.ofSeconds(1))
                .build();
        return new MqClient(config, new SystemClock(), new SplittableRandom(seed)).start();
    }
}
