package io.sluice.mq.launcher.bench;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.MessageSelector;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageQueue;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench consume}: one assign-mode consumer reading every queue of {@code --topic}
 * from the beginning ({@code --from earliest}, a catch-up read) or the end ({@code --from latest},
 * live tail), until {@code --messages} were read or {@code --duration} passed. Prints msgs/s, MB/s
 * and end-to-end latency (now minus the send time {@code bench produce} writes into each body;
 * meaningful on one machine). A catch-up read without {@code --messages} stops when every queue
 * is read to the end it had at the start. {@code --sql} or {@code --tag} read through a
 * broker-side filter; the report gives the queue entries scanned per second next to the messages
 * delivered (messages produced with {@code bench produce --filter-props} carry property {@code a}
 * = 0..9 and tag {@code T<a>}).
 */
@Command(name = "consume", mixinStandardHelpOptions = true, description = "Consume and measure end-to-end latency.")
public final class ConsumeBench implements Callable<Integer> {

    /** Where reading starts. */
    public enum From {
        EARLIEST,
        LATEST
    }

    private final Clock clock;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--namesrv", description = "nameserver address(es) (default ${DEFAULT-VALUE})")
    private String namesrv = "127.0.0.1:9876";

    @Option(names = "--topic", description = "topic (default ${DEFAULT-VALUE})")
    private String topic = "BenchmarkTopic";

    @Option(names = "--from", description = "EARLIEST or LATEST (default ${DEFAULT-VALUE})")
    private From from = From.EARLIEST;

    @Option(
            names = "--messages",
            description = "stop after this many messages; 0 = no limit (default ${DEFAULT-VALUE})")
    private long limit;

    @Option(names = "--duration", description = "seconds to run at most (default ${DEFAULT-VALUE})")
    private int durationSeconds = 60;

    @Option(names = "--sql", description = "SQL92 filter evaluated by the broker, e.g. \"a > 5\"")
    private String sql;

    @Option(names = "--tag", description = "TAG filter, e.g. \"T1 || T2\"")
    private String tag;

    public ConsumeBench(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        try (MqClient client = MqClient.start(
                ClientConfig.builder(namesrv).instanceName("bench-consume").build())) {
            Consumer consumer =
                    client.newConsumer(ConsumerConfig.builder("bench_consumer").build());
            List<MessageQueue> queues = consumer.fetchQueues(topic);
            consumer.assign(queues, selector());
            QueueProgress progressOfQueues = QueueProgress.start(consumer, queues, from == From.EARLIEST);
            progressOfQueues.seekToStart(consumer);
            return run(consumer, progressOfQueues);
        }
    }

    private MessageSelector selector() {
        if (sql != null && tag != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --sql or --tag, not both");
        }
        return sql != null ? MessageSelector.bySql(sql) : MessageSelector.byTag(tag);
    }

    private int run(Consumer consumer, QueueProgress progressOfQueues) {
        // A catch-up read without --messages ends where the queues ended when it started.
        boolean stopAtEnd = from == From.EARLIEST && limit == 0;
        LatencyHistogram endToEnd = new LatencyHistogram();
        AtomicLong read = new AtomicLong();
        long bytes = 0;
        long start = clock.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
        ProgressPrinter progress = new ProgressPrinter(clock, spec.commandLine().getOut(), read, 1024);
        while (clock.nanoTime() < end && (limit == 0 || read.get() < limit)) {
            long nowMs = clock.nowMs();
            List<ReceivedMessage> messages = consumer.poll(Duration.ofMillis(200));
            if (stopAtEnd && messages.isEmpty() && progressOfQueues.atEnd(consumer)) {
                break;
            }
            for (ReceivedMessage message : messages) {
                bytes += message.body().length;
                read.incrementAndGet();
                if (message.body().length >= 8) {
                    endToEnd.record((nowMs - ByteBuffer.wrap(message.body()).getLong(0)) * 1000);
                }
            }
            progress.maybePrint();
        }
        long elapsed = clock.nanoTime() - start;
        String label = "consume from " + from + (sql != null ? " sql=\"" + sql + "\"" : "")
                + (tag != null ? " tag=\"" + tag + "\"" : "");
        BenchReport.print(
                spec.commandLine().getOut(),
                BenchReport.line(label, read.get(), bytes, elapsed, endToEnd).replace("latency", "end-to-end latency"));
        long scanned = progressOfQueues.scanned(consumer);
        BenchReport.print(
                spec.commandLine().getOut(),
                String.format(
                        java.util.Locale.ROOT,
                        "queue entries scanned: %,d in %.1f s = %,.0f entries/s (%.1f%% delivered)",
                        scanned,
                        elapsed / 1e9,
                        scanned / Math.max(elapsed / 1e9, 1e-9),
                        scanned == 0 ? 0.0 : 100.0 * read.get() / scanned));
        return 0;
    }
}
