package io.sluice.mq.launcher.bench;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.transaction.ExactlyOnceProducer;
import io.sluice.mq.client.transaction.TransactionHandle;
import io.sluice.mq.common.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench txn}: exactly-once transactions (docs/design/exactly-once-primitives.md)
 * against plain async sends, in one run. First {@code --duration} seconds of plain async sends
 * ({@code --inflight} outstanding) of {@code --body}-byte messages, then for every size in {@code
 * --size} (comma-separated, e.g. {@code 1,100,1000}) the same time of transactions of that many
 * messages: each is begun, its messages sent async, sealed ({@code prepareCommit}) and committed.
 * Prints per scenario msgs/s, the ratio to the plain sends and the commit latency (seal + commit)
 * percentiles. One sending thread per scenario, so the comparison is like for like.
 */
@Command(
        name = "txn",
        mixinStandardHelpOptions = true,
        description = "Exactly-once transactions vs plain async sends: throughput and commit latency.")
public final class TxnBench implements Callable<Integer> {

    private final Clock clock;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--namesrv", description = "nameserver address(es), ';'-separated (default ${DEFAULT-VALUE})")
    private String namesrv = "127.0.0.1:9876";

    @Option(names = "--topic", description = "topic, created beforehand (default ${DEFAULT-VALUE})")
    private String topic = "BenchmarkTopic";

    @Option(names = "--size", description = "messages per transaction, comma-separated (default ${DEFAULT-VALUE})")
    private String sizes = "1,100,1000";

    @Option(names = "--body", description = "message body bytes (default ${DEFAULT-VALUE})")
    private int bodyBytes = 1024;

    @Option(names = "--inflight", description = "outstanding async sends (default ${DEFAULT-VALUE})")
    private int inflight = 128;

    @Option(names = "--duration", description = "seconds per scenario (default ${DEFAULT-VALUE})")
    private int durationSeconds = 15;

    public TxnBench(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        List<Integer> scenarios = parseSizes();
        if (bodyBytes < 1 || inflight < 1 || durationSeconds < 1) {
            throw new IllegalArgumentException("--body, --inflight and --duration must be >= 1");
        }
        try (MqClient client = MqClient.start(
                ClientConfig.builder(namesrv).instanceName("bench-txn").build())) {
            Producer plain = client.newProducer(ProducerConfig.of("bench_txn_plain"));
            plain.send(Message.of(topic, new byte[bodyBytes])); // warms the route
            double plainRate = plainAsync(plain);
            int failures = 0;
            for (int size : scenarios) {
                failures += transactions(client, size, plainRate);
            }
            return failures == 0 ? 0 : 1;
        }
    }

    private List<Integer> parseSizes() {
        List<Integer> parsed = new ArrayList<>();
        for (String part : sizes.split(",")) {
            int size;
            try {
                size = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--size must list numbers, not '" + part + "'", e);
            }
            if (size < 1) {
                throw new IllegalArgumentException("--size entries must be >= 1, was " + size);
            }
            parsed.add(size);
        }
        return parsed;
    }

    private double plainAsync(Producer producer) {
        long start = clock.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
        Semaphore window = new Semaphore(inflight);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        LatencyHistogram latency = new LatencyHistogram();
        while (clock.nanoTime() < end) {
            window.acquireUninterruptibly();
            long sendNanos = clock.nanoTime();
            producer.sendAsync(Message.of(topic, new byte[bodyBytes])).whenComplete((result, error) -> {
                window.release();
                if (error != null) {
                    failed.incrementAndGet();
                    return;
                }
                synchronized (latency) {
                    latency.record((clock.nanoTime() - sendNanos) / 1000);
                }
                sent.incrementAndGet();
            });
        }
        window.acquireUninterruptibly(inflight);
        long elapsed = clock.nanoTime() - start;
        BenchReport.print(
                spec.commandLine().getOut(),
                BenchReport.line(
                                "plain async inflight=" + inflight + " body=" + bodyBytes,
                                sent.get(),
                                sent.get() * bodyBytes,
                                elapsed,
                                latency)
                        + "; failed sends " + failed.get());
        return sent.get() * 1e9 / elapsed;
    }

    /** Transactions of {@code size} messages for the duration; returns the failures. */
    private int transactions(MqClient client, int size, double plainRate) {
        long start = clock.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
        LatencyHistogram commits = new LatencyHistogram();
        long committed = 0;
        int failures = 0;
        try (ExactlyOnceProducer producer =
                client.newExactlyOnceProducer(ProducerConfig.of("bench_txn"), "bench-txn-" + size, topic)) {
            while (clock.nanoTime() < end) {
                producer.begin();
                List<CompletableFuture<?>> sends = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    sends.add(producer.sendAsync(Message.of(topic, new byte[bodyBytes])));
                }
                try {
                    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                            .join();
                    long commitNanos = clock.nanoTime();
                    TransactionHandle handle = producer.prepareCommit();
                    client.commit(handle);
                    commits.record((clock.nanoTime() - commitNanos) / 1000);
                    committed += size;
                } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - counted and reported
                    failures++;
                    spec.commandLine().getErr().println("transaction failed: " + e);
                    producer.abort();
                }
            }
        }
        long elapsed = clock.nanoTime() - start;
        double rate = committed * 1e9 / elapsed;
        BenchReport.print(
                spec.commandLine().getOut(),
                String.format(
                        Locale.ROOT,
                        "txn size=%d body=%d: %,.0f msgs/s committed = %.0f%% of plain async; %d commits,"
                                + " commit (seal+commit) p50 %.2f ms p99 %.2f ms max %.2f ms; failed %d",
                        size,
                        bodyBytes,
                        rate,
                        plainRate > 0 ? 100 * rate / plainRate : 0,
                        commits.count(),
                        commits.percentile(50) / 1000.0,
                        commits.percentile(99) / 1000.0,
                        commits.max() / 1000.0,
                        failures));
        return failures;
    }
}
