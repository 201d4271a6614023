package io.sluice.interop.rocketmq5.bench;

import io.sluice.mq.launcher.bench.LatencyHistogram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * The four scenarios of issue 3, driven by the official Apache RocketMQ 5.3.3 Java client with the
 * same settings against either broker:
 *
 * <ul>
 *   <li><b>sync</b>: {@code syncThreads} threads share one {@link DefaultMQProducer}, each with one
 *       synchronous send of one message outstanding;
 *   <li><b>async</b>: {@code asyncThreads} threads issue async sends with at most {@code
 *       asyncWindow} outstanding in total (a semaphore released by the callback);
 *   <li><b>batch</b>: as sync, but each send is a batch of {@code batchSize} messages;
 *   <li><b>consume</b>: {@code consumeMessages} messages are preloaded (async, not measured) and read
 *       once by a warm-up group, then a {@link DefaultLitePullConsumer} of a fresh group assigned
 *       every queue reads them all from the start (measured).
 * </ul>
 *
 * Produce scenarios run {@code warmup} unmeasured, then count the sends completed within the next
 * {@code duration} and record their latencies (send call to result or callback). Each scenario uses
 * a fresh topic created through the admin API with {@code queues} queues. Confined to the harness's
 * main thread (the load threads it starts are its own).
 */
final class LoadScenarios {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final BenchOptions options;
    private final byte[] body;
    private final Map<String, Preloaded> preloaded = new HashMap<>();

    LoadScenarios(BenchOptions options) {
        this.options = options;
        this.body = new byte[options.bodyBytes()];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
    }

    /** What a load thread does once: send, and return the messages acknowledged. */
    @FunctionalInterface
    private interface Send {
        int once() throws Exception;
    }

    ScenarioResult run(String scenario, BenchBroker broker) throws Exception {
        if (scenario.equals("consume") && preloaded.containsKey(broker.name())) {
            return consumeMeasured(broker, preloaded.get(broker.name()));
        }
        String topic = "bench-" + scenario + "-" + broker.name() + "-" + INSTANCES.incrementAndGet();
        createTopic(broker, topic);
        DefaultMQProducer producer = producer(broker, scenario);
        try {
            return switch (scenario) {
                case "sync" ->
                    closedLoop(scenario, broker, options.syncThreads(), () -> {
                        SendResult result = producer.send(message(topic));
                        return result.getSendStatus() == SendStatus.SEND_OK ? 1 : -1;
                    });
                case "batch" ->
                    closedLoop(scenario, broker, options.batchThreads(), () -> {
                        SendResult result = producer.send(batch(topic));
                        return result.getSendStatus() == SendStatus.SEND_OK ? options.batchSize() : -1;
                    });
                case "async" -> async(broker, producer, topic);
                case "consume" -> consume(broker, producer, topic);
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
        } finally {
            producer.shutdown();
        }
    }

    private ScenarioResult closedLoop(String scenario, BenchBroker broker, int threads, Send send) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + options.warmup().toNanos();
        long measureTo = measureFrom + options.duration().toNanos();
        LatencyHistogram[] latencies = new LatencyHistogram[threads];
        long[] counts = new long[threads];
        AtomicLong errors = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            latencies[t] = new LatencyHistogram();
            Thread worker = new Thread(
                    () -> {
                        while (System.nanoTime() < measureTo) {
                            long sent = System.nanoTime();
                            int acked;
                            try {
                                acked = send.once();
                            } catch (Exception e) { // count and go on, as a load generator must
                                errors.incrementAndGet();
                                continue;
                            }
                            long done = System.nanoTime();
                            if (acked < 0) {
                                errors.incrementAndGet();
                            } else if (done >= measureFrom && done <= measureTo) {
                                latencies[index].record((done - sent) / 1000);
                                counts[index] += acked;
                            }
                        }
                    },
                    "bench-" + scenario + "-" + t);
            workers.add(worker);
            worker.start();
        }
        ProcessProbe probe = probe(broker);
        sleepUntil(measureFrom);
        ProcessProbe.Mark mark = probe.mark();
        sleepUntil(measureTo);
        ProcessProbe.Usage usage = probe.since(mark);
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        }
        LatencyHistogram merged = new LatencyHistogram();
        long messages = 0;
        for (int t = 0; t < threads; t++) {
            merged.add(latencies[t]);
            messages += counts[t];
        }
        return ScenarioResult.of(
                scenario,
                broker.name(),
                messages,
                seconds(options.duration()),
                options.bodyBytes(),
                merged,
                errors.get(),
                usage);
    }

    private ScenarioResult async(BenchBroker broker, DefaultMQProducer producer, String topic) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + options.warmup().toNanos();
        long measureTo = measureFrom + options.duration().toNanos();
        AsyncWindow window = new AsyncWindow(options.asyncWindow(), measureFrom, measureTo);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < options.asyncThreads(); t++) {
            Thread worker = new Thread(
                    () -> {
                        while (System.nanoTime() < measureTo) {
                            window.send(producer, message(topic));
                        }
                    },
                    "bench-async-" + t);
            workers.add(worker);
            worker.start();
        }
        ProcessProbe probe = probe(broker);
        sleepUntil(measureFrom);
        ProcessProbe.Mark mark = probe.mark();
        sleepUntil(measureTo);
        ProcessProbe.Usage usage = probe.since(mark);
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        }
        window.drain(Duration.ofSeconds(30));
        return ScenarioResult.of(
                "async",
                broker.name(),
                window.measured(),
                seconds(options.duration()),
                options.bodyBytes(),
                window.latencies(),
                window.errors(),
                usage);
    }

    /**
     * Async sends with a bounded number outstanding. Callbacks run on the client's threads, so the
     * histogram is guarded by this object's monitor. Thread-safe.
     */
    private static final class AsyncWindow {
        private final Semaphore permits;
        private final int size;
        private final long measureFrom;
        private final long measureTo;
        private final LatencyHistogram latencies = new LatencyHistogram();
        private final AtomicLong measured = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();

        AsyncWindow(int size, long measureFrom, long measureTo) {
            this.permits = new Semaphore(size);
            this.size = size;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
        }

        void send(DefaultMQProducer producer, Message message) {
            try {
                if (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long sent = System.nanoTime();
            try {
                producer.send(message, new SendCallback() {
                    @Override
                    public void onSuccess(SendResult result) {
                        completed(sent, result.getSendStatus() == SendStatus.SEND_OK);
                    }

                    @Override
                    public void onException(Throwable error) {
                        completed(sent, false);
                    }
                });
            } catch (Exception e) { // refused before it was sent
                completed(sent, false);
            }
        }

        private void completed(long sent, boolean ok) {
            long done = System.nanoTime();
            if (!ok) {
                errors.incrementAndGet();
            } else if (done >= measureFrom && done <= measureTo) {
                measured.incrementAndGet();
                synchronized (this) {
                    latencies.record((done - sent) / 1000);
                }
            }
            permits.release();
        }

        void drain(Duration timeout) throws InterruptedException {
            if (permits.tryAcquire(size, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                permits.release(size);
            }
        }

        long measured() {
            return measured.get();
        }

        long errors() {
            return errors.get();
        }

        synchronized LatencyHistogram latencies() {
            LatencyHistogram copy = new LatencyHistogram();
            copy.add(latencies);
            return copy;
        }
    }

    /** A consume topic filled once per broker and read by every later consume run. */
    private record Preloaded(String topic, long messages) {}

    private ScenarioResult consume(BenchBroker broker, DefaultMQProducer producer, String topic) throws Exception {
        long preloadStart = System.nanoTime();
        AsyncWindow window = new AsyncWindow(options.asyncWindow(), preloadStart, Long.MAX_VALUE);
        for (int i = 0; i < options.consumeMessages(); i++) {
            window.send(producer, message(topic));
        }
        window.drain(Duration.ofSeconds(60));
        double preloadSeconds = (System.nanoTime() - preloadStart) / 1e9;
        System.out.printf(
                "  [%s] preloaded %,d messages in %.1f s (%,.0f msg/s, %d errors)%n",
                broker.name(), window.measured(), preloadSeconds, window.measured() / preloadSeconds, window.errors());
        awaitQueuesHold(broker, topic, window.measured(), Duration.ofSeconds(60));
        Preloaded filled = new Preloaded(topic, window.measured());
        preloaded.put(broker.name(), filled);
        return consumeMeasured(broker, filled);
    }

    private ScenarioResult consumeMeasured(BenchBroker broker, Preloaded filled) throws Exception {
        // Warm-up: one full read with another group, so both JVMs' pull and decode paths are compiled
        // (a short one left the client's decoder cold for whichever broker went first).
        readAll(broker, filled.topic(), filled.messages(), "warm");
        ProcessProbe probe = probe(broker);
        ProcessProbe.Mark mark = probe.mark();
        long start = System.nanoTime();
        ReadOutcome read = readAll(broker, filled.topic(), filled.messages(), "measure");
        double seconds = (System.nanoTime() - start) / 1e9;
        ProcessProbe.Usage usage = probe.since(mark);
        return ScenarioResult.of(
                        "consume",
                        broker.name(),
                        read.messages(),
                        seconds,
                        options.bodyBytes(),
                        read.pollLatencies(),
                        Math.max(0, filled.messages() - read.messages()),
                        usage)
                .withRoundTrips(read.pullRoundTrips());
    }

    private record ReadOutcome(long messages, LatencyHistogram pollLatencies, LatencyHistogram pullRoundTrips) {}

    /** Reads {@code target} messages from the start of every queue with a fresh group. */
    private ReadOutcome readAll(BenchBroker broker, String topic, long target, String purpose) throws Exception {
        PullRoundTrips roundTrips = new PullRoundTrips();
        DefaultLitePullConsumer consumer =
                new DefaultLitePullConsumer("bench_consume_" + INSTANCES.incrementAndGet(), roundTrips);
        consumer.setNamesrvAddr(broker.namesrvAddress());
        consumer.setInstanceName("bench-" + purpose + "-" + INSTANCES.incrementAndGet());
        consumer.setVipChannelEnabled(false);
        consumer.setPullBatchSize(options.pullBatchSize());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setAutoCommit(true);
        LatencyHistogram polls = new LatencyHistogram();
        long received = 0;
        consumer.start();
        try {
            Collection<MessageQueue> queues = consumer.fetchMessageQueues(topic);
            consumer.assign(queues);
            for (MessageQueue queue : queues) {
                consumer.seekToBegin(queue);
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            int emptyPolls = 0;
            // Ten empty seconds in a row means the rest is not coming (e.g. deleted by retention):
            // report the shortfall instead of waiting out the deadline.
            while (received < target && System.nanoTime() < deadline && emptyPolls < 10) {
                long asked = System.nanoTime();
                List<MessageExt> batch = consumer.poll(1000);
                polls.record((System.nanoTime() - asked) / 1000);
                received += batch.size();
                emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
            }
            if (received < target) {
                System.out.printf(
                        "  [%s] %s read stopped at %,d of %,d messages%n", broker.name(), purpose, received, target);
            }
        } finally {
            consumer.shutdown();
        }
        return new ReadOutcome(received, polls, roundTrips.latencies());
    }

    private void awaitQueuesHold(BenchBroker broker, String topic, long messages, Duration timeout) throws Exception {
        DefaultMQAdminExt admin = admin(broker);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                long total = 0;
                for (int queue = 0; queue < options.queues(); queue++) {
                    total += admin.maxOffset(new MessageQueue(topic, brokerName(admin, topic), queue));
                }
                if (total >= messages) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            throw new IllegalStateException("queues of " + topic + " did not reach " + messages + " messages");
        } finally {
            admin.shutdown();
        }
    }

    private static String brokerName(DefaultMQAdminExt admin, String topic) throws Exception {
        return admin.examineTopicRouteInfo(topic).getBrokerDatas().get(0).getBrokerName();
    }

    private void createTopic(BenchBroker broker, String topic) throws Exception {
        DefaultMQAdminExt admin = admin(broker);
        try {
            TopicConfig config = new TopicConfig(topic, options.queues(), options.queues(), 6);
            admin.createAndUpdateTopicConfig(broker.brokerAddress(), config);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try {
                    TopicRouteData route = admin.examineTopicRouteInfo(topic);
                    if (route != null && !route.getQueueDatas().isEmpty()) {
                        return;
                    }
                } catch (Exception e) { // not routable yet
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
            throw new IllegalStateException("topic " + topic + " not routable on " + broker.name());
        } finally {
            admin.shutdown();
        }
    }

    private static DefaultMQAdminExt admin(BenchBroker broker) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt("bench-admin-" + INSTANCES.incrementAndGet());
        admin.setNamesrvAddr(broker.namesrvAddress());
        admin.setInstanceName("bench-admin-" + INSTANCES.incrementAndGet());
        admin.setVipChannelEnabled(false);
        admin.start();
        return admin;
    }

    private static DefaultMQProducer producer(BenchBroker broker, String scenario) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("bench_producer_" + scenario);
        producer.setNamesrvAddr(broker.namesrvAddress());
        producer.setInstanceName("bench-" + scenario + "-" + INSTANCES.incrementAndGet());
        producer.setVipChannelEnabled(false);
        producer.setSendMsgTimeout(10_000);
        producer.start();
        return producer;
    }

    private Message message(String topic) {
        return new Message(topic, body); // a fresh message each send: the client stamps a unique key on it
    }

    private List<Message> batch(String topic) {
        List<Message> messages = new ArrayList<>(options.batchSize());
        for (int i = 0; i < options.batchSize(); i++) {
            messages.add(message(topic));
        }
        return messages;
    }

    private ProcessProbe probe(BenchBroker broker) {
        return new ProcessProbe(broker.brokerPid(), broker.gcLog());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** The machine's 1-minute load average, or -1 if unreadable. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
