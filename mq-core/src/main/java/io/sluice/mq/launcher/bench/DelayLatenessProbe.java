package io.sluice.mq.launcher.bench;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how late delayed messages arrive: reads the bench topic from its end (assign mode) and,
 * for each message whose first 8 body bytes hold its intended due time (epoch ms, written by
 * {@link ProduceBench}), records the broker's release lateness (the delivered copy's store
 * timestamp minus the due time) and the end-to-end lateness (received minus due, including the pull).
 *
 * <p>The consumer is confined to the probe's own thread ({@link #start}), which polls while the
 * bench sends, so waiting in the bench does not count as lateness. {@link #awaitAll} and the
 * report are called from the bench's thread after it joined the probe.
 */
final class DelayLatenessProbe implements AutoCloseable {

    private final Clock clock;
    private final Consumer consumer;
    private final LatencyHistogram release = new LatencyHistogram();
    private final LatencyHistogram endToEnd = new LatencyHistogram();
    private final AtomicLong received = new AtomicLong();
    private volatile long expected = Long.MAX_VALUE;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private Thread thread;

    /** Starts reading {@code topic} from its current end with a consumer of {@code client}. */
    DelayLatenessProbe(MqClient client, String topic, Clock clock) {
        this.clock = clock;
        this.consumer = client.newConsumer(ConsumerConfig.builder("bench_delay_probe")
                .pullSuspend(Duration.ofSeconds(1))
                .build());
        List<MessageQueue> queues = queuesOf(topic);
        consumer.assign(queues);
        consumer.seekToEnd(queues);
    }

    /** The topic's queues; a topic the warm-up send just created takes a moment to reach the nameserver. */
    private List<MessageQueue> queuesOf(String topic) {
        long end = clock.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return consumer.fetchQueues(topic);
            } catch (MqException e) {
                if (clock.nanoTime() > end) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }

    /** Starts polling on the probe's thread. */
    void start() {
        thread = new Thread(this::pollLoop, "bench-delay-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until {@code count} messages arrived or {@code timeout} passed. */
    void awaitAll(long count, Duration timeout) throws InterruptedException {
        deadlineNanos = clock.nanoTime() + timeout.toNanos();
        expected = count;
        thread.join(timeout.toMillis() + 5_000);
    }

    private void pollLoop() {
        while (received.get() < expected && clock.nanoTime() < deadlineNanos) {
            for (ReceivedMessage message : consumer.poll(Duration.ofMillis(100))) {
                long nowMs = clock.nowMs();
                received.incrementAndGet();
                if (message.body().length >= 8) {
                    long dueMs = ByteBuffer.wrap(message.body()).getLong(0);
                    release.record(TimeUnit.MILLISECONDS.toMicros(message.storeTimestamp() - dueMs));
                    endToEnd.record(TimeUnit.MILLISECONDS.toMicros(nowMs - dueMs));
                }
            }
        }
    }

    long received() {
        return received.get();
    }

    /** One report line: release and end-to-end lateness percentiles in ms. */
    String report(long sent) {
        return String.format(
                Locale.ROOT,
                "delivery lateness: %,d of %,d delivered; broker release (store - due) ms p50 %.0f p99 %.0f max %.0f;"
                        + " end-to-end (received - due) ms p50 %.0f p99 %.0f max %.0f",
                received.get(),
                sent,
                release.percentile(50) / 1000.0,
                release.percentile(99) / 1000.0,
                release.max() / 1000.0,
                endToEnd.percentile(50) / 1000.0,
                endToEnd.percentile(99) / 1000.0,
                endToEnd.max() / 1000.0);
    }

    @Override
    public void close() throws InterruptedException {
        deadlineNanos = 0;
        if (thread != null) {
            thread.join(5_000);
        }
        consumer.close();
    }
}
