package io.sluice.mq.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that reads in assign mode must be able to tell a queue that cannot be fetched from a
 * quiet one, so it can fail its task after bounded retries: {@link Consumer#fetchFailures()}
 * reports consecutive failed fetches per queue while the broker is gone, counting up, and clears
 * the run when a pull succeeds (a healthy queue, idle or not, reports nothing).
 */
class FetchFailuresTest {

    @TempDir
    Path dir;

    @Test
    void failedPullsWhileTheBrokerIsGoneAreCountedPerQueue() throws Exception {
        BrokerConfig config = BrokerConfig.builder(dir).ephemeralLoopback().build();
        StandaloneCluster cluster = StandaloneCluster.start(config, new SystemClock());
        try (MqClient client = MqClient.start(ClientConfig.builder(cluster.namesrvAddress())
                .instanceName("fetch-failures")
                .requestTimeout(Duration.ofSeconds(2))
                .build())) {
            client.admin().createTopic("ff", 1);
            MessageQueue queue = awaitQueue(client, "ff");
            Consumer consumer = client.newConsumer(ConsumerConfig.builder("ff-group")
                    .pullSuspend(Duration.ofMillis(200))
                    .errorBackoff(Duration.ofMillis(50))
                    .offsetReset(OffsetResetStrategy.EARLIEST)
                    .build());
            consumer.assign(List.of(queue));
            consumer.seek(queue, 0);
            Producer producer = client.newProducer(ProducerConfig.of("ff-producer"));
            producer.send(Message.of("ff", "a".getBytes(StandardCharsets.UTF_8)), queue);
            assertThat(consumer.poll(Duration.ofSeconds(10))).hasSize(1);
            assertThat(consumer.fetchFailures()).isEmpty();

            cluster.broker().close();
            await(() -> {
                FetchFailure failure = consumer.fetchFailures().get(queue);
                return failure != null && failure.consecutive() >= 3;
            });
            Map<MessageQueue, FetchFailure> failing = consumer.fetchFailures();
            assertThat(failing).containsOnlyKeys(queue);
            assertThat(failing.get(queue).lastCause()).isNotNull();
            consumer.close();
        } finally {
            cluster.close();
        }
    }

    @Test
    void aHealthyIdleQueueReportsNoFailures() throws Exception {
        BrokerConfig config = BrokerConfig.builder(dir).ephemeralLoopback().build();
        try (StandaloneCluster cluster = StandaloneCluster.start(config, new SystemClock());
                MqClient client = MqClient.start(ClientConfig.builder(cluster.namesrvAddress())
                        .instanceName("fetch-ok")
                        .build())) {
            client.admin().createTopic("idle", 1);
            MessageQueue queue = awaitQueue(client, "idle");
            Consumer consumer = client.newConsumer(ConsumerConfig.builder("idle-group")
                    .pullSuspend(Duration.ofMillis(100))
                    .build());
            consumer.assign(List.of(queue));
            consumer.seek(queue, 0);
            // several empty long polls complete in this time; none of them is a failure
            assertThat(consumer.poll(Duration.ofMillis(800))).isEmpty();
            assertThat(consumer.fetchFailures()).isEmpty();
            consumer.close();
        }
    }

    private static MessageQueue awaitQueue(MqClient client, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<MessageQueue> queues = client.admin().queues(topic);
            if (!queues.isEmpty()) {
                return queues.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no route for " + topic);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
