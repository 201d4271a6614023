package io.sluice.mq.client.transaction;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the exactly-once tests: broker config, clients, reading a topic, bounded waits. */
final class TxnTestKit {

    static final long WAIT_MS = 20_000;

    private TxnTestKit() {}

    static BrokerConfig config(Path dir) {
        return BrokerConfig.builder(dir)
                .ephemeralLoopback()
                .segmentSizeBytes(16 * 1024 * 1024)
                .consumeQueueFileBytes(20 * 4096)
                .maxMessageSizeBytes(64 * 1024)
                .registerTimeout(Duration.ofSeconds(3))
                .build();
    }

    static MqClient client(String namesrv, String name, long seed) {
        return new MqClient(
                        ClientConfig.builder(namesrv)
                                .instanceName(name)
                                .clientIp("127.0.0.1")
                                .build(),
                        new SystemClock(),
                        new SplittableRandom(seed))
                .start();
    }

    static Message message(String topic, String body) {
        return Message.builder(topic)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static String body(ReceivedMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    /** Every message of {@code topic} from offset 0, once at least {@code expected} arrived (bounded). */
    static List<ReceivedMessage> readAll(MqClient client, String topic, int expected) {
        try (Consumer consumer = client.newConsumer(ConsumerConfig.builder("reader-" + System.nanoTime())
                .pullSuspend(Duration.ofMillis(200))
                .build())) {
            List<MessageQueue> queues = consumer.fetchQueues(topic);
            consumer.assign(queues);
            consumer.seekToBeginning(queues);
            List<ReceivedMessage> all = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (all.size() < expected && System.nanoTime() - deadline < 0) {
                all.addAll(consumer.poll(Duration.ofMillis(200)));
            }
            // One more poll proves nothing beyond the expected count is readable.
            all.addAll(consumer.poll(Duration.ofMillis(300)));
            return all;
        }
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT_MS + " ms: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
