package io.sluice.mq.standalone;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import io.sluice.mq.common.SystemClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * One lifetime of an application that consumes a topic with a subscribe-mode {@link Consumer} (no
 * auto-commit) and commits, after every poll, one past the last message it got from each queue,
 * waiting for the broker's answer. It records every delivery, every acknowledged commit (with the
 * time it was acknowledged) and the first offset it got from each queue. Its own thread owns the
 * consumer; {@link #close()} stops that thread, which closes the consumer without committing (like
 * a crash of the application) and then the client. Thread-safe.
 */
final class PollingApp implements AutoCloseable {

    /** A commit the broker acknowledged. */
    record Commit(long nanos, MessageQueue queue, long offset) {}

    private final MqClient client;
    private final Consumer consumer;
    private final Deliveries deliveries;
    private final IntSupplier epoch;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Commit> commits = new ConcurrentLinkedQueue<>();
    private final Map<MessageQueue, Long> firstDelivered = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile long failedCommits;

    private PollingApp(MqClient client, Consumer consumer, Deliveries deliveries, IntSupplier epoch, String name) {
        this.client = client;
        this.consumer = consumer;
        this.deliveries = deliveries;
        this.epoch = epoch;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Starts a new client and a consumer of {@code group} subscribed to all of {@code topic}. */
    static PollingApp start(
            ClientConfig clientConfig, ConsumerConfig config, String topic, Deliveries deliveries, IntSupplier epoch) {
        MqClient client = new MqClient(clientConfig, new SystemClock(), new SplittableRandom(1)).start();
        Consumer consumer = client.newConsumer(config);
        PollingApp app =
                new PollingApp(client, consumer, deliveries, epoch, "polling-app-" + clientConfig.instanceName());
        consumer.subscribe(topic, "*");
        app.thread.start();
        return app;
    }

    private void run() {
        try {
            while (!stop.get()) {
                List<ReceivedMessage> messages;
                try {
                    messages = consumer.poll(Duration.ofMillis(100));
                } catch (MqException e) {
                    continue; // a queue error; the consumer retries by itself
                }
                Map<MessageQueue, Long> next = new LinkedHashMap<>();
                int now = epoch.getAsInt();
                for (ReceivedMessage message : messages) {
                    deliveries.record(message, now);
                    firstDelivered.putIfAbsent(message.queue(), message.queueOffset());
                    next.put(message.queue(), message.queueOffset() + 1);
                }
                next.forEach(this::commit);
            }
        } finally {
            consumer.close();
            client.close();
        }
    }

    private void commit(MessageQueue queue, long offset) {
        try {
            consumer.commit(Map.of(queue, offset));
            commits.add(new Commit(System.nanoTime(), queue, offset));
        } catch (MqException e) {
            failedCommits++;
        }
    }

    /** The last acknowledged commit of each queue. */
    Map<MessageQueue, Long> lastCommits() {
        Map<MessageQueue, Long> last = new HashMap<>();
        for (Commit commit : commits) {
            last.put(commit.queue(), commit.offset());
        }
        return last;
    }

    /** The last commit of each queue acknowledged at or before {@code nanos}. */
    Map<MessageQueue, Long> lastCommitsBefore(long nanos) {
        Map<MessageQueue, Long> last = new HashMap<>();
        for (Commit commit : commits) {
            if (commit.nanos() - nanos <= 0) {
                last.put(commit.queue(), commit.offset());
            }
        }
        return last;
    }

    List<Commit> commits() {
        return new ArrayList<>(commits);
    }

    long failedCommits() {
        return failedCommits;
    }

    /** The first offset this lifetime got from each queue. */
    Map<MessageQueue, Long> firstDelivered() {
        return Map.copyOf(firstDelivered);
    }

    /** Stops polling; the consumer closes without committing, then the client. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(TimeUnit.SECONDS.toMillis(20));
        if (thread.isAlive()) {
            throw new AssertionError(thread.getName() + " did not stop within 20 s");
        }
    }
}
