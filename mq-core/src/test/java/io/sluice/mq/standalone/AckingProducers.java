package io.sluice.mq.standalone;

import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.client.producer.SendStatus;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Producer threads that send with {@link Producer#send} (a synchronous acknowledgement) as fast as
 * the broker answers, recording every acknowledged message (SEND_OK) with its id, queue, offset
 * and body; failed sends (the broker is down, restarting or refusing) are counted as not
 * acknowledged and the thread pauses 50 ms before the next message. Message {@code seq}'s body is a
 * pure function of (seed, seq). Thread-safe.
 */
final class AckingProducers implements AutoCloseable {

    /** A send the broker acknowledged with SEND_OK. */
    record Ack(long seq, String msgId, MessageQueue queue, long queueOffset, byte[] body) {}

    private final Producer producer;
    private final String topic;
    private final long seed;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong nextSeq = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong notOk = new AtomicLong();
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    AckingProducers(Producer producer, String topic, long seed) {
        this.producer = producer;
        this.topic = topic;
        this.seed = seed;
    }

    /** The body of message {@code seq}: its number, then 16 to 1039 seeded random bytes. */
    static byte[] body(long seed, long seq) {
        SplittableRandom random = new SplittableRandom(seed ^ (seq * 0x9E3779B97F4A7C15L));
        byte[] prefix = ("seq=" + seq + ";").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 16 + random.nextInt(1024)];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        for (int i = prefix.length; i < body.length; i++) {
            body[i] = (byte) random.nextInt(256);
        }
        return body;
    }

    /** Starts {@code count} sending threads. */
    void start(int count) {
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(this::sendLoop, "session-producer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void sendLoop() {
        while (!stop.get()) {
            long seq = nextSeq.getAndIncrement();
            byte[] body = body(seed, seq);
            try {
                SendResult result = producer.send(
                        Message.builder(topic).keys("seq-" + seq).body(body).build());
                if (result.status() == SendStatus.SEND_OK) {
                    acks.add(new Ack(seq, result.msgId(), result.queue(), result.queueOffset(), body));
                } else {
                    notOk.incrementAndGet();
                }
            } catch (MqException e) {
                failures.incrementAndGet();
                if (errors.size() < 20) {
                    errors.add(e.toString());
                }
                pause(50);
            }
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Acknowledged sends so far, in no particular order. */
    List<Ack> acks() {
        return List.copyOf(acks);
    }

    int ackCount() {
        return acks.size();
    }

    /** Sends that threw (not acknowledged). */
    long failures() {
        return failures.get();
    }

    /** Sends acknowledged with a status other than SEND_OK (stored, durability not confirmed). */
    long notOk() {
        return notOk.get();
    }

    /** Some of the failures' messages, for the report. */
    List<String> someErrors() {
        return List.copyOf(errors);
    }

    /** Stops sending and waits for the threads (each finishes its current send, at most ~10 s). */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not stop within 20 s");
            }
        }
    }
}
