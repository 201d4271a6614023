package io.sluice.mq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.RebalanceListener;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendStatus;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.namesrv.NameServer;
import io.sluice.mq.namesrv.NameServerConfig;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nameserver that restarts knows no topic until the brokers register again (every 30 s by
 * default). Meanwhile it answers TOPIC_NOT_EXIST, which says nothing about the brokers, which are
 * up and serving. Like the official clients, the client keeps the routes it has: producers keep
 * sending and subscribed consumers keep their queues instead of dropping them and re-reading from
 * the committed offsets once the route is back.
 */
class NameServerRestartTest {

    @TempDir
    Path dir;

    private StandaloneCluster cluster;
    private NameServer restarted;
    private MqClient client;

    @BeforeEach
    void start() throws Exception {
        BrokerConfig config = BrokerConfig.builder(dir)
                .ephemeralLoopback()
                .registerPeriod(Duration.ofSeconds(60))
                .build();
        cluster = StandaloneCluster.start(config, new SystemClock());
        client = new MqClient(
                        ClientConfig.builder(cluster.namesrvAddress())
                                .instanceName("namesrv-restart")
                                .clientIp("127.0.0.1")
                                .rebalanceInterval(Duration.ofMinutes(10))
                                .build(),
                        new SystemClock(),
                        new SplittableRandom(5))
                .start();
    }

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
        if (restarted != null) {
            restarted.close();
        }
    }

    @Test
    void producersAndConsumersKeepTheirRoutesWhileARestartedNameServerDoesNotKnowTheTopic() throws Exception {
        String topic = "NsRestart";
        client.admin().createTopic(topic, 4);
        until("route", () -> client.admin().topicRoute(topic).isPresent());
        Producer producer = client.newProducer(ProducerConfig.of("PG_NS_RESTART"));
        assertThat(producer.send(Message.of(topic, utf8("before"))).status()).isEqualTo(SendStatus.SEND_OK);
        List<MessageQueue> revoked = new CopyOnWriteArrayList<>();
        try (Consumer consumer = client.newConsumer(ConsumerConfig.builder("CG_NS_RESTART")
                .pullSuspend(Duration.ofMillis(200))
                .startPosition(StartPosition.first())
                .build())) {
            consumer.subscribe(topic, "*", new RebalanceListener() {
                @Override
                public void onRevoked(Collection<MessageQueue> queues) {
                    revoked.addAll(queues);
                }
            });
            until("all four queues assigned", () -> {
                consumer.poll(Duration.ofMillis(50));
                return consumer.assignment().size() == 4;
            });

            restartNameServer();
            assertThat(client.admin().topicRoute(topic))
                    .as("the new nameserver does not know the topic")
                    .isEmpty();
            consumer.rebalanceNow();
            consumer.poll(Duration.ofMillis(50));

            assertThat(revoked)
                    .as("queues revoked while the nameserver did not know the topic")
                    .isEmpty();
            assertThat(consumer.assignment()).hasSize(4);
            assertThat(producer.send(Message.of(topic, utf8("during"))).status())
                    .as("a send while the nameserver does not know the topic")
                    .isEqualTo(SendStatus.SEND_OK);
        }
    }

    /** Stops the nameserver and starts an empty one on the same port. */
    private void restartNameServer() throws Exception {
        String address = cluster.namesrvAddress();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        cluster.nameServer().close();
        restarted = NameServer.start(
                NameServerConfig.builder()
                        .bindAddress("127.0.0.1")
                        .listenPort(port)
                        .build(),
                new SystemClock(),
                Thread::new);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
