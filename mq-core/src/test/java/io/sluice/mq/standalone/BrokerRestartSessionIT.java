package io.sluice.mq.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.PushConsumer;
import io.sluice.mq.client.consumer.PushConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.AckingProducers.Ack;
import io.sluice.mq.standalone.Deliveries.Delivery;
import io.sluice.mq.store.FlushMode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 3's restart proof: {@code sluice standalone} runs in a child JVM ({@link
 * SluiceChildProcess}) on fixed loopback ports while this JVM runs Sluice's client against it:
 *
 * <ul>
 *   <li>two producer threads sending with synchronous acknowledgement, recording every
 *       acknowledged message (id, queue, offset, body); sends that fail are not acknowledged;
 *   <li>a long-running {@link PushConsumer} (group {@code CG_PUSH}, finished offsets committed every
 *       200 ms) that stays up through every outage and must reconnect by itself;
 *   <li>a {@link PollingApp} (group {@code CG_POLL}) that commits after every poll and "crashes"
 *       together with the broker: it is closed without committing before each outage and a new
 *       one is started after the restart, so it shows where a consumer resumes.
 * </ul>
 *
 * Mid-session the child is stopped with SIGTERM (graceful shutdown) and restarted, later killed
 * with SIGKILL and restarted, each time on the same ports and store. Then the test checks:
 *
 * <ul>
 *   <li>sends fail while the broker is down and succeed again after the restart, with no help
 *       from the test (the clients reconnect by themselves);
 *   <li>every acknowledged message is delivered to both groups (at least once) with its body, and
 *       read back afterwards at the queue and offset its acknowledgement named, byte for byte;
 *       each queue's offsets are dense and its max offset covers every acknowledged send;
 *   <li>after the graceful stop the committed offsets are exactly the last acknowledged commits;
 *       after the kill they lie between the last commit acknowledged at least {@link
 *       #DURABLE_MARGIN} before the kill and the last one acknowledged at all: commits are
 *       acknowledged from memory and made durable by the store's checkpoint about every second,
 *       as RocketMQ does every 5 s, so a kill may forget the last second of commits, never more;
 *   <li>the restarted {@code CG_POLL} consumer starts each queue exactly at its committed offset
 *       (never at 0), so it re-reads only what was consumed and not durably committed; the push
 *       consumer, which stays up, re-reads nothing at all: it keeps its queues and its own
 *       positions through both outages (any re-read would at least have to stay above its
 *       committed offset sampled before the outage, with the same margin for the kill).
 * </ul>
 *
 * Both ASYNC_FLUSH and SYNC_FLUSH run. SIGKILL ends the process, not the machine: the page cache
 * keeps what the broker wrote, so in ASYNC_FLUSH too no acknowledged message may be lost (losing
 * the unflushed tail needs a power failure, which {@code StoreRecoverySimulationTest} simulates).
 * The child's clean-shutdown marker is checked to tell the two outages apart: present after
 * SIGTERM, absent after SIGKILL (recovery ran).
 *
 * <p>Randomized (bodies, phase lengths): prints its seed; replay with {@code -Dmq.test.seed=}.
 * Each run is bounded (about 20 s, at most {@link #TIMEOUT_SECONDS}); it signals only its own
 * child by PID and deletes its directory.
 */
@Tag("slow")
class BrokerRestartSessionIT {

    static final int TIMEOUT_SECONDS = 150;
    private static final int QUEUES = 4;
    private static final Duration DURABLE_MARGIN = Duration.ofSeconds(3);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String POLL_GROUP = "CG_POLL";
    private static final String PUSH_GROUP = "CG_PUSH";

    private enum Outage {
        SIGTERM,
        SIGKILL
    }

    /**
     * What an outage left: when the child was down (nothing delivered for the first time after
     * that) and the bounds the restarted broker was checked against.
     */
    private record OutageRecord(
            Outage kind,
            int epoch,
            long downNanos,
            Map<MessageQueue, Long> pollRestored,
            Map<MessageQueue, Long> pushLowerBound,
            PollingApp restartedApp) {}

    /** A committed offset of the push group read by the sampler. */
    private record Sample(long nanos, MessageQueue queue, long offset) {}

    private final long seed =
            Long.getLong("mq.test.seed", ThreadLocalRandom.current().nextLong());
    private final AtomicInteger epoch = new AtomicInteger();
    private final Deliveries pushDeliveries = new Deliveries();
    private final Deliveries pollDeliveries = new Deliveries();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final List<OutageRecord> outages = new ArrayList<>();
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private SluiceChildProcess child;
    private MqClient probe;
    private String topic;
    private List<MessageQueue> queues;
    private AckingProducers producers;
    private PollingApp pollApp;

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    @Timeout(value = TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void acknowledgedMessagesAndCommittedOffsetsSurviveGracefulAndKilledRestarts(FlushMode mode) throws Exception {
        System.out.printf("BrokerRestartSessionIT %s seed=%d (replay with -Dmq.test.seed=%d)%n", mode, seed, seed);
        SplittableRandom random = new SplittableRandom(seed);
        Path dir = newDir(mode.name());
        try {
            child = new SluiceChildProcess(
                    dir.resolve("store"),
                    dir,
                    SluiceChildProcess.freePort(),
                    SluiceChildProcess.freePort(),
                    Map.of(
                            "flushDiskType", mode.name(),
                            "mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024),
                            "mappedFileSizeConsumeQueue", Integer.toString(20 * 4096)));
            child.start(START_TIMEOUT);
            startSession();
            runPhase(Duration.ofMillis(4000 + random.nextInt(1000)));
            outage(Outage.SIGTERM);
            runPhase(Duration.ofMillis(4000 + random.nextInt(1000)));
            outage(Outage.SIGKILL);
            runPhase(Duration.ofMillis(1000 + random.nextInt(1000)));
            producers.close();
            List<Ack> acks = producers.acks();
            System.out.printf(
                    "%s: %d acknowledged, %d failed sends, %d not SEND_OK; push got %d, poll got %d%n",
                    mode,
                    acks.size(),
                    producers.failures(),
                    producers.notOk(),
                    pushDeliveries.count(),
                    pollDeliveries.count());
            verifySession(acks);
            int exit = child.stopCleanly(WAIT);
            assertThat(exit).as("exit status after SIGTERM").isIn(0, 143);
        } catch (AssertionError | Exception e) {
            throw new AssertionError(
                    "failed with seed " + seed + " (replay with -Dmq.test.seed=" + seed + "): " + e.getMessage() + "\n"
                            + (child == null ? "" : child.logTail()),
                    e);
        } finally {
            stopEverything();
            deleteRecursively(dir);
        }
    }

    // ---------------------------------------------------------------- session

    private void startSession() throws Exception {
        probe = newClient("probe");
        topic = "RestartSession";
        probe.admin().createTopic(topic, QUEUES);
        until("route of " + topic, WAIT, () -> probe.admin().queues(topic).size() == QUEUES);
        queues = probe.admin().queues(topic);

        MqClient producerClient = newClient("producer");
        closeLast.add(producerClient);
        producers = new AckingProducers(producerClient.newProducer(ProducerConfig.of("PG_SESSION")), topic, seed);

        MqClient pushClient = newClient("push");
        closeLast.add(pushClient);
        pushClient
                .newPushConsumer(
                        consumerConfig(PUSH_GROUP),
                        PushConsumerConfig.defaults().withThreads(2).withCommitInterval(Duration.ofMillis(200)),
                        message -> pushDeliveries.record(message, epoch.get()))
                .subscribe(topic, "*")
                .start();
        pollApp = startPollingApp(0);
        Thread sampler = new Thread(this::samplePushCommits, "push-commit-sampler");
        sampler.setDaemon(true);
        sampler.start();
        producers.start(2);
    }

    private PollingApp startPollingApp(int lifetime) {
        return PollingApp.start(
                clientConfig("poll-" + lifetime), consumerConfig(POLL_GROUP), topic, pollDeliveries, epoch::get);
    }

    /** Lets traffic flow for at least {@code length}, until both groups consumed and committed. */
    private void runPhase(Duration length) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        int acksAtStart = producers.ackCount();
        until(
                "a phase with acknowledged sends, deliveries and commits on every queue",
                length.plus(WAIT),
                () -> System.nanoTime() - end >= 0
                        && producers.ackCount() > acksAtStart + 100
                        && pollApp.lastCommits().size() == QUEUES
                        && pushCommittedNow().size() == QUEUES);
    }

    private void outage(Outage kind) throws Exception {
        int k = epoch.incrementAndGet();
        pollApp.close(); // the consuming application goes down with the broker, without a last commit
        long begin = System.nanoTime();
        long durableBefore = kind == Outage.SIGKILL ? begin - DURABLE_MARGIN.toNanos() : begin;
        Map<MessageQueue, Long> pollLast = pollApp.lastCommits();
        Map<MessageQueue, Long> pollDurable = pollApp.lastCommitsBefore(durableBefore);
        Map<MessageQueue, Long> pushDurable = pushCommitsBefore(durableBefore);
        assertThat(pollDurable.keySet())
                .as("CG_POLL committed on every queue at least %s before the outage", DURABLE_MARGIN)
                .hasSize(QUEUES);
        long failuresBefore = producers.failures();

        int exit = kind == Outage.SIGTERM ? child.stopCleanly(WAIT) : child.kill(WAIT);
        long down = System.nanoTime();
        if (kind == Outage.SIGTERM) {
            assertThat(exit).as("exit status after SIGTERM").isIn(0, 143);
        } else {
            assertThat(exit).as("exit status after SIGKILL").isEqualTo(137);
        }
        assertThat(Files.exists(child.storeDir().resolve("clean-shutdown")))
                .as("clean-shutdown marker after %s", kind)
                .isEqualTo(kind == Outage.SIGTERM);
        until("sends failing while the broker is down", WAIT, () -> producers.failures() > failuresBefore);
        int acksWhileDown = producers.ackCount();

        child.start(START_TIMEOUT);
        Map<MessageQueue, Long> restored = committed(POLL_GROUP);
        System.out.printf(
                "after %s: CG_POLL last commits %s, durable bound %s, restored %s%n",
                kind, new TreeMap<>(pollLast), new TreeMap<>(pollDurable), new TreeMap<>(restored));
        for (MessageQueue queue : queues) {
            assertThat(restored.get(queue))
                    .as("restored commit of %s after %s", queue, kind)
                    .isNotNull();
            if (kind == Outage.SIGTERM) {
                assertThat(restored.get(queue))
                        .as("%s: a graceful stop keeps the last acknowledged commit", queue)
                        .isEqualTo(pollLast.get(queue));
            } else {
                assertThat(restored.get(queue))
                        .as("%s: a kill keeps commits older than %s and invents none", queue, DURABLE_MARGIN)
                        .isBetween(pollDurable.get(queue), pollLast.get(queue));
            }
            assertThat(restored.get(queue)).as("%s resumes past 0", queue).isPositive();
        }
        Map<MessageQueue, Long> pushRestored = committed(PUSH_GROUP);
        for (Map.Entry<MessageQueue, Long> bound : pushDurable.entrySet()) {
            assertThat(pushRestored.get(bound.getKey()))
                    .as("CG_PUSH commit of %s after %s", bound.getKey(), kind)
                    .isGreaterThanOrEqualTo(bound.getValue());
        }
        pollApp = startPollingApp(k);
        outages.add(new OutageRecord(kind, k, down, restored, pushDurable, pollApp));

        until("acknowledged sends again after the restart", WAIT, () -> producers.ackCount() > acksWhileDown);
        until("the push consumer receiving again", WAIT, () -> pushDeliveries.snapshot().stream()
                .anyMatch(d -> d.epoch() == k && d.nanos() - begin > 0));
    }

    // ---------------------------------------------------------------- checks

    private void verifySession(List<Ack> acks) throws InterruptedException {
        assertThat(acks).as("acknowledged sends").isNotEmpty();
        List<String> ids = acks.stream().map(Ack::msgId).toList();
        until(
                "CG_PUSH and CG_POLL consuming every acknowledged message",
                WAIT,
                () -> pushDeliveries.containsAll(ids) && pollDeliveries.containsAll(ids));
        checkBodies("CG_PUSH", pushDeliveries, acks);
        checkBodies("CG_POLL", pollDeliveries, acks);
        checkPollResumption();
        assertThat(checkDuplicates("CG_PUSH", pushDeliveries, OutageRecord::pushLowerBound))
                .as("messages the push consumer, which stayed up, got twice")
                .isZero();
        checkDuplicates("CG_POLL", pollDeliveries, OutageRecord::pollRestored);
        readBackEverything(acks);
    }

    private static void checkBodies(String group, Deliveries deliveries, List<Ack> acks) {
        Map<String, Integer> expected = new HashMap<>();
        for (Ack ack : acks) {
            expected.put(ack.msgId(), Arrays.hashCode(ack.body()));
        }
        for (Delivery delivery : deliveries.snapshot()) {
            Integer hash = expected.get(delivery.msgId());
            if (hash != null) {
                assertThat(delivery.bodyHash())
                        .as("%s: body of %s", group, delivery.msgId())
                        .isEqualTo(hash);
            }
        }
    }

    /** Each restarted CG_POLL consumer started every queue exactly at the restored commit. */
    private void checkPollResumption() {
        for (OutageRecord outage : outages) {
            Map<MessageQueue, Long> first = outage.restartedApp().firstDelivered();
            assertThat(first)
                    .as("CG_POLL after %s read every queue", outage.kind())
                    .hasSize(QUEUES);
            assertThat(first)
                    .as("CG_POLL after %s starts each queue at its committed offset", outage.kind())
                    .isEqualTo(outage.pollRestored());
        }
    }

    /**
     * A message delivered again is a duplicate: none before the first outage; after outage k only
     * at offsets at or above that outage's bound, and per queue no more than the messages between
     * the bound and the highest offset delivered while the broker was still up. Returns how many.
     */
    private int checkDuplicates(
            String group, Deliveries deliveries, Function<OutageRecord, Map<MessageQueue, Long>> bounds) {
        Set<String> seen = new HashSet<>();
        Map<String, Long> duplicatesPerEpochQueue = new HashMap<>();
        Map<String, Long> allowed = new HashMap<>();
        int duplicates = 0;
        for (Delivery delivery : deliveries.snapshot()) {
            String key = delivery.queue() + "@" + delivery.offset();
            if (seen.add(key)) {
                continue;
            }
            duplicates++;
            assertThat(delivery.epoch())
                    .as("%s: %s delivered twice before any outage", group, key)
                    .isPositive();
            OutageRecord outage = outages.get(delivery.epoch() - 1);
            long bound = bounds.apply(outage).getOrDefault(delivery.queue(), 0L);
            assertThat(delivery.offset())
                    .as("%s: after %s, %s re-read below the bound %d", group, outage.kind(), key, bound)
                    .isGreaterThanOrEqualTo(bound);
            String epochQueue = delivery.epoch() + "/" + delivery.queue();
            duplicatesPerEpochQueue.merge(epochQueue, 1L, Long::sum);
            allowed.computeIfAbsent(
                    epochQueue, ignored -> highestBefore(deliveries, delivery.queue(), outage.downNanos()) + 1 - bound);
        }
        duplicatesPerEpochQueue.forEach((epochQueue, count) -> assertThat(count)
                .as("%s: duplicates in epoch/queue %s", group, epochQueue)
                .isLessThanOrEqualTo(allowed.get(epochQueue)));
        System.out.printf(
                "%s: %d deliveries, %d duplicates %s%n",
                group, deliveries.count(), duplicates, duplicatesPerEpochQueue);
        return duplicates;
    }

    private static long highestBefore(Deliveries deliveries, MessageQueue queue, long nanos) {
        long highest = -1;
        for (Delivery delivery : deliveries.snapshot()) {
            if (delivery.queue().equals(queue) && delivery.nanos() - nanos < 0) {
                highest = Math.max(highest, delivery.offset());
            }
        }
        return highest;
    }

    /**
     * Reads every queue from offset 0 to its max offset with a fresh assign-mode consumer: offsets
     * are dense, the max offset covers every acknowledgement, and each acknowledged message sits at
     * the queue and offset its acknowledgement named, with its exact body.
     */
    private void readBackEverything(List<Ack> acks) throws InterruptedException {
        Map<MessageQueue, Map<Long, ReceivedMessage>> stored = new HashMap<>();
        try (MqClient reader = newClient("reader");
                Consumer consumer = reader.newConsumer(consumerConfig("CG_VERIFY"))) {
            Map<MessageQueue, Long> max = new HashMap<>();
            for (MessageQueue queue : queues) {
                max.put(queue, consumer.maxOffset(queue));
                stored.put(queue, new HashMap<>());
            }
            consumer.assign(queues);
            queues.forEach(queue -> consumer.seek(queue, 0));
            until("reading every queue back from 0", WAIT, () -> {
                for (ReceivedMessage message : consumer.poll(Duration.ofMillis(200))) {
                    stored.get(message.queue()).put(message.queueOffset(), message);
                }
                return queues.stream().allMatch(q -> stored.get(q).size() >= max.get(q));
            });
            for (MessageQueue queue : queues) {
                assertThat(stored.get(queue).keySet())
                        .as("offsets of %s are dense from 0", queue)
                        .containsAll(LongStream.range(0, max.get(queue)).boxed().toList());
            }
            for (Ack ack : acks) {
                assertThat(max.get(ack.queue()))
                        .as("max offset of %s covers acknowledged %s", ack.queue(), ack.msgId())
                        .isGreaterThan(ack.queueOffset());
                ReceivedMessage message = stored.get(ack.queue()).get(ack.queueOffset());
                assertThat(message)
                        .as("acknowledged seq %d at %s@%d", ack.seq(), ack.queue(), ack.queueOffset())
                        .isNotNull();
                assertThat(message.msgId()).isEqualTo(ack.msgId());
                assertThat(message.body()).as("body of seq %d", ack.seq()).isEqualTo(ack.body());
            }
        }
    }

    // ---------------------------------------------------------------- committed offsets

    private Map<MessageQueue, Long> committed(String group) throws InterruptedException {
        Map<MessageQueue, Long> offsets = new HashMap<>();
        until("committed offsets of " + group, WAIT, () -> {
            try {
                for (MessageQueue queue : queues) {
                    OptionalLong offset = probe.admin().committedOffset(group, queue);
                    offset.ifPresent(value -> offsets.put(queue, value));
                }
                return true;
            } catch (MqException e) {
                return false;
            }
        });
        return offsets;
    }

    private Map<MessageQueue, Long> pushCommittedNow() {
        return pushCommitsBefore(System.nanoTime());
    }

    private Map<MessageQueue, Long> pushCommitsBefore(long nanos) {
        Map<MessageQueue, Long> last = new HashMap<>();
        for (Sample sample : samples) {
            if (sample.nanos() - nanos <= 0) {
                last.merge(sample.queue(), sample.offset(), Math::max);
            }
        }
        return last;
    }

    /** Reads CG_PUSH's committed offsets every 100 ms; each is a commit the broker acknowledged. */
    private void samplePushCommits() {
        while (sampling.get()) {
            for (MessageQueue queue : queues) {
                try {
                    long before = System.nanoTime();
                    OptionalLong offset = probe.admin().committedOffset(PUSH_GROUP, queue);
                    offset.ifPresent(value -> samples.add(new Sample(before, queue, value)));
                } catch (MqException e) {
                    // The broker is down; the next round tries again.
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- plumbing

    private MqClient newClient(String instance) {
        return new MqClient(clientConfig(instance), new SystemClock(), new SplittableRandom(seed)).start();
    }

    /** Short intervals so a restarted broker learns the clients and routes within about a second. */
    private ClientConfig clientConfig(String instance) {
        return ClientConfig.builder(child.namesrvAddress())
                .instanceName(instance + "-" + seed)
                .clientIp("127.0.0.1")
                .requestTimeout(Duration.ofSeconds(3))
                .routeRefreshInterval(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(1))
                .rebalanceInterval(Duration.ofSeconds(1))
                .build();
    }

    private static ConsumerConfig consumerConfig(String group) {
        return ConsumerConfig.builder(group)
                .pullSuspend(Duration.ofSeconds(1))
                .errorBackoff(Duration.ofMillis(200))
                .startPosition(StartPosition.first())
                .build();
    }

    private void stopEverything() throws Exception {
        sampling.set(false);
        if (producers != null) {
            producers.close();
        }
        if (pollApp != null) {
            pollApp.close();
        }
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
        if (probe != null) {
            probe.close();
        }
        if (child != null) {
            child.close();
        }
    }

    private static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static Path newDir(String name) throws IOException {
        Path target;
        try {
            target = Paths.get(BrokerRestartSessionIT.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            target = Paths.get("target");
        }
        Path root = target.resolve("restart-it");
        Files.createDirectories(root);
        return Files.createTempDirectory(root, name + "-");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
