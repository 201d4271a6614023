package io.sluice.samples;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.QueueLag;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import io.sluice.mq.store.FlushMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The README's first command: starts the embedded standalone Sluice (a nameserver and a broker in
 * this JVM, on 127.0.0.1), produces a stream of 1 KiB messages with Sluice's client, consumes it back
 * with a consumer group, commits, and prints throughput and the group's lag per queue.
 *
 * <p>Arguments (all optional): {@code messages} (default 200000), {@code SYNC_FLUSH|ASYNC_FLUSH}
 * (default SYNC_FLUSH: every acknowledged message is on disk). Data goes to a temporary directory
 * that is deleted at the end.
 */
public final class Quickstart {

    private static final String TOPIC = "quickstart-orders";
    private static final String GROUP = "quickstart-group";
    private static final int BODY_BYTES = 1024;
    private static final int IN_FLIGHT = 1024;

    private Quickstart() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        FlushMode mode = args.length > 1 ? FlushMode.valueOf(args[1]) : FlushMode.SYNC_FLUSH;
        // CHECKSTYLE.OFF: BannedApi - a command-line entry point prints to stdout
        PrintStream out = System.out;
        // CHECKSTYLE.ON: BannedApi
        Path dir = Files.createTempDirectory("sluice-quickstart");
        Clock clock = new SystemClock();
        BrokerConfig config =
                BrokerConfig.builder(dir).ephemeralLoopback().flushMode(mode).build();
        try (StandaloneCluster cluster = StandaloneCluster.start(config, clock);
                MqClient client = MqClient.start(ClientConfig.builder(cluster.namesrvAddress())
                        .instanceName("quickstart")
                        .build())) {
            out.printf(
                    "Sluice standalone: nameserver %s, broker %s, %s, data in %s%n",
                    cluster.namesrvAddress(), cluster.brokerAddress(), mode, dir);
            client.admin().createTopic(TOPIC, 4);
            produce(client, messages, clock, out);
            consume(client, messages, clock, out);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void produce(MqClient client, int messages, Clock clock, PrintStream out)
            throws InterruptedException {
        Producer producer = client.newProducer(ProducerConfig.of("quickstart-producer"));
        Semaphore window = new Semaphore(IN_FLIGHT);
        AtomicLong failed = new AtomicLong();
        byte[] body = new byte[BODY_BYTES];
        long start = clock.nanoTime();
        for (int i = 0; i < messages; i++) {
            Message message = Message.builder(TOPIC)
                    .tags(i % 2 == 0 ? "paid" : "new")
                    .keys("order-" + i)
                    .body(body)
                    .build();
            window.acquire();
            producer.sendAsync(message, "customer-" + (i % 1000)).whenComplete((result, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                }
                window.release();
            });
        }
        if (!window.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("sends still unanswered after 60 s");
        }
        report(out, "produced", messages - failed.get(), clock.nanoTime() - start);
        if (failed.get() > 0) {
            out.printf("  %d sends failed%n", failed.get());
        }
    }

    private static void consume(MqClient client, int messages, Clock clock, PrintStream out) {
        Consumer consumer = client.newConsumer(ConsumerConfig.builder(GROUP)
                .startPosition(StartPosition.first())
                .build());
        consumer.subscribe(TOPIC, "*");
        long start = clock.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(120);
        long consumed = 0;
        while (consumed < messages && clock.nanoTime() < deadline) {
            consumed += consumer.poll(Duration.ofMillis(500)).size();
        }
        consumer.commitSync();
        report(out, "consumed", consumed, clock.nanoTime() - start);
        for (QueueLag lag : client.admin().consumerLag(GROUP, TOPIC)) {
            out.printf(
                    "  %s: broker offset %d, committed %d, lag %d%n",
                    lag.queue(), lag.maxOffset(), lag.committed().orElse(-1), lag.lag());
        }
        consumer.close();
    }

    private static void report(PrintStream out, String what, long count, long nanos) {
        double seconds = nanos / 1e9;
        out.printf(
                "%s %d messages of %d bytes in %.2f s: %.0f msgs/s, %.1f MB/s%n",
                what, count, BODY_BYTES, seconds, count / seconds, count * (double) BODY_BYTES / seconds / 1e6);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
