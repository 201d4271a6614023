package io.sluice.mq.launcher.bench;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.Clock;
import java.nio.ByteBuffer;
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

    public ProduceBench(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        if (size < 8 || threads < 1 || batch < 1 || inflight < 1 || durationSeconds < 1) {
            throw new IllegalArgumentException("--size must be >= 8; --threads, --batch, --inflight, --duration >= 1");
        }
        try (MqClient client = MqClient.start(
                ClientConfig.builder(namesrv).instanceName("bench-produce").build())) {
            Producer producer = client.newProducer(ProducerConfig.of("bench_producer"));
            producer.send(Message.of(topic, new byte[size])); // creates the topic and warms the route
            return run(producer);
        }
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
        BenchReport.print(
                spec.commandLine().getOut(),
                BenchReport.line(
                                "produce " + mode + " size=" + size + " batch=" + batch + " threads=" + threads,
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
                messages.add(message(body(clock.nowMs(), random), random));
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

    private Message message(byte[] body, SplittableRandom random) {
        if (!filterProps) {
            return Message.of(topic, body);
        }
        int a = random.nextInt(10);
        return Message.builder(topic)
                .tags("T" + a)
                .property("a", Integer.toString(a))
                .body(body)
                .build();
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
