package io.sluice.mq.launcher.bench;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.Clock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench produce}: {@code --threads} senders, each sending {@code --size}-byte
 * messages (or batches of {@code --batch}) for {@code --duration} seconds, synchronously or with at
 * most {@code --inflight} outstanding async sends per thread. Prints a line every 5 s and a
 * summary: msgs/s, MB/s and send latency percentiles. Bodies start with the send time so {@code
 * bench consume} can report end-to-end latency.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, description = "Produce load and measure send latency.")
public final class ProduceBench implements Callable<Integer> {

    /** How sends are issued. */
    public enum Mode {
        SYNC,
        ASYNC
    }

    private final Clock clock;
    private volatile long sentTotal;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--namesrv", description = "nameserver address(es), ';'-separated (default ${DEFAULT-VALUE})")
    private String namesrv = "127.0.0.1:9876";

    @Option(names = "--topic", description = "topic (default ${DEFAULT-VALUE})")
    private String topic = "BenchmarkTopic";

    @Option(names = "--threads", description = "sending threads (default ${DEFAULT-VALUE})")
    private int threads = 16;

    @Option(names = "--size", description = "message body bytes, at least 8 (default ${DEFAULT-VALUE})")
    private int size = 1024;

    @Option(names = "--batch", description = "messages per send; >1 uses batch sends (default ${DEFAULT-VALUE})")
    private int batch = 1;

    @Option(names = "--mode", description = "SYNC or ASYNC (default ${DEFAULT-VALUE})")
    private Mode mode = Mode.SYNC;

    @Option(names = "--inflight", description = "outstanding async sends per thread (default ${DEFAULT-VALUE})")
    private int inflight = 128;

    @Option(names = "--duration", description = "seconds to run (default ${DEFAULT-VALUE})")
    private int durationSeconds = 30;

    @Option(
            names = "--filter-props",
            description = "give each message user property a = 0..9 (uniform) and tag T<a>, "
                    + "for filtered consume runs (default ${DEFAULT-VALUE})")
    private boolean filterProps;

    @Option(
            names = "--delay-level",
            description = "send delay-level messages (property DELAY) and report their delivery lateness;"
                    + " assumes the broker's default messageDelayLevel (1 = 1 s ... 18 = 2 h)")
    private int delayLevel;

    @Option(
            names = "--deliver-after",
            description = "send timer messages due this many ms after sending (TIMER_DELIVER_MS) and report"
                    + " their delivery lateness")
    private long deliverAfterMs;

    /** RocketMQ's default levels, for the due time the bench writes into each body. */
    private static final long[] DEFAULT_LEVEL_MS = {
        1_000, 5_000, 10_000, 30_000, 60_000, 120_000, 180_000, 240_000, 300_000, 360_000, 420_000, 480_000, 540_000,
        600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000
    };

    public ProduceBench(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        try (MqClient client = MqClient.start(
                ClientConfig.builder(namesrv).instanceName("bench-produce").build())) {
            Producer producer = client.newProducer(ProducerConfig.of("bench_producer"));
            producer.send(Message.of(topic, new byte[size])); // creates the topic and warms the route
            if (!delayed()) {
                return run(producer);
            }
            try (DelayLatenessProbe probe = new DelayLatenessProbe(client, topic, clock)) {
                probe.start();
                int status = run(producer);
                long waitMs = deliverAfterMs > 0 ? deliverAfterMs : DEFAULT_LEVEL_MS[delayLevel - 1];
                probe.awaitAll(sentTotal, Duration.ofMillis(waitMs + 30_000));
                BenchReport.print(spec.commandLine().getOut(), probe.report(sentTotal));
                return probe.received() == sentTotal ? status : 1;
            }
        }
    }

    private void checkOptions() {
        if (size < 8 || threads < 1 || batch < 1 || inflight < 1 || durationSeconds < 1) {
            throw new IllegalArgumentException("--size must be >= 8; --threads, --batch, --inflight, --duration >= 1");
        }
        if (delayLevel < 0
                || delayLevel > DEFAULT_LEVEL_MS.length
                || deliverAfterMs < 0
                || (delayLevel > 0 && deliverAfterMs > 0)
                || (delayed() && batch > 1)) {
            throw new IllegalArgumentException(
                    "--delay-level must be in [1, 18], --deliver-after >= 1 ms; use one of them, without --batch");
        }
    }

    private boolean delayed() {
        return delayLevel > 0 || deliverAfterMs > 0;
    }

    /**
     * The message to send: plain or delayed (its due time in the first 8 body bytes), with filter
     * properties when asked for.
     */
    private Message message(SplittableRandom random) {
        long nowMs = clock.nowMs();
        long dueMs =
                !delayed() ? nowMs : nowMs + (deliverAfterMs > 0 ? deliverAfterMs : DEFAULT_LEVEL_MS[delayLevel - 1]);
        Message.Builder builder = Message.builder(topic).body(body(dueMs, random));
        if (filterProps) {
            int a = random.nextInt(10);
            builder = builder.tags("T" + a).property("a", Integer.toString(a));
        }
        if (deliverAfterMs > 0) {
            builder = builder.deliverAtMs(dueMs);
        } else if (delayLevel > 0) {
            builder = builder.delayLevel(delayLevel);
        }
        return builder.build();
    }

    private int run(Producer producer) throws InterruptedException {
        long start = clock.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<LatencyHistogram> histograms = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            LatencyHistogram histogram = new LatencyHistogram();
            histograms.add(histogram);
            SplittableRandom random = new SplittableRandom(i);
            Thread sender =
                    new Thread(() -> sendLoop(producer, end, histogram, sent, failed, random), "bench-send-" + i);
            senders.add(sender);
            sender.start();
        }
        ProgressPrinter progress = new ProgressPrinter(clock, spec.commandLine().getOut(), sent, size);
        while (!joined(senders, progress)) {
            progress.maybePrint();
        }
        LatencyHistogram total = new LatencyHistogram();
        histograms.forEach(total::add);
        long messages = sent.get();
        sentTotal = messages;
        BenchReport.print(
                spec.commandLine().getOut(),
                BenchReport.line(
                                "produce " + mode + " size=" + size + " batch=" + batch + " threads=" + threads
                                        + (delayLevel > 0 ? " delayLevel=" + delayLevel : "")
                                        + (deliverAfterMs > 0 ? " deliverAfterMs=" + deliverAfterMs : ""),
                                messages,
                                messages * size,
                                clock.nanoTime() - start,
                                total)
                        + "; failed sends " + failed.get());
        return failed.get() == 0 ? 0 : 1;
    }

    private static boolean joined(List<Thread> senders, ProgressPrinter progress) throws InterruptedException {
        for (Thread sender : senders) {
            sender.join(progress.millisToNextLine());
            if (sender.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void sendLoop(
            Producer producer,
            long end,
            LatencyHistogram histogram,
            AtomicLong sent,
            AtomicLong failed,
            SplittableRandom random) {
        Semaphore window = new Semaphore(inflight);
        String key = "k" + random.nextInt();
        while (clock.nanoTime() < end) {
            List<Message> messages = new ArrayList<>(batch);
            long sendNanos = clock.nanoTime();
            for (int i = 0; i < batch; i++) {
                messages.add(message(random));
            }
            if (mode == Mode.SYNC) {
                try {
                    send(producer, messages, key).join();
                    histogram.record((clock.nanoTime() - sendNanos) / 1000);
                    sent.addAndGet(batch);
                } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - counted and reported
                    failed.incrementAndGet();
                }
            } else {
                window.acquireUninterruptibly();
                send(producer, messages, key).whenComplete((result, error) -> {
                    window.release();
                    if (error != null) {
                        failed.incrementAndGet();
                        return;
                    }
                    synchronized (histogram) {
                        histogram.record((clock.nanoTime() - sendNanos) / 1000);
                    }
                    sent.addAndGet(batch);
                });
            }
        }
        window.acquireUninterruptibly(inflight); // wait for the last async sends
    }

    private CompletableFuture<?> send(Producer producer, List<Message> messages, String key) {
        if (batch == 1) {
            return producer.sendAsync(messages.get(0));
        }
        return producer.sendBatchAsync(messages, key);
    }

    private byte[] body(long nowMs, SplittableRandom random) {
        byte[] body = new byte[size];
        for (int i = 8; i < size; i += 8) {
            body[i] = (byte) random.nextInt(); // some entropy so compression does not flatter the numbers
        }
        ByteBuffer.wrap(body).putLong(0, nowMs);
        return body;
    }
}
