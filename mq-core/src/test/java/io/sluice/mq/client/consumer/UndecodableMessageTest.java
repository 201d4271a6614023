package io.sluice.mq.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.UndecodableMessageException;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.MessageSysFlag;
import io.sluice.mq.remoting.RemotingClient;
import io.sluice.mq.remoting.RemotingClientConfig;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message the client cannot decode (flagged compressed but not a zlib stream, as a buggy or
 * hostile producer can store: brokers do not inflate bodies) must not stall its queue silently:
 * the poll consumer hands out the messages before it, then throws {@link
 * UndecodableMessageException} naming queue and offset so the application can seek past it; the
 * push consumer logs it, skips it and goes on with the queue.
 */
class UndecodableMessageTest {

    @TempDir
    Path dir;

    private StandaloneCluster cluster;
    private MqClient client;
    private MessageQueue queue;

    @BeforeEach
    void start() throws Exception {
        BrokerConfig config = BrokerConfig.builder(dir).ephemeralLoopback().build();
        cluster = StandaloneCluster.start(config, new SystemClock());
        client = new MqClient(
                        ClientConfig.builder(cluster.namesrvAddress())
                                .instanceName("undecodable")
                                .clientIp("127.0.0.1")
                                .build(),
                        new SystemClock(),
                        new SplittableRandom(3))
                .start();
        String topic = "Poison" + System.nanoTime();
        client.admin().createTopic(topic, 1);
        until("route", () -> client.admin().queues(topic).size() == 1);
        queue = client.admin().queues(topic).get(0);
        Producer producer = client.newProducer(ProducerConfig.of("PG_POISON"));
        producer.send(Message.of(topic, utf8("good-0")), queue);
        sendCorrupt(topic);
        producer.send(Message.of(topic, utf8("good-2")), queue);
    }

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    /** SEND_MESSAGE_V2 with sysFlag COMPRESSED and a body that is not zlib: stored at offset 1. */
    private void sendCorrupt(String topic) throws InterruptedException {
        try (RemotingClient raw =
                new RemotingClient(RemotingClientConfig.defaults(), new SystemClock(), Thread::new, "poison")) {
            RemotingCommand response = raw.invokeSync(
                    cluster.brokerAddress(),
                    RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                            .putExt("a", "PG_POISON_RAW")
                            .putExt("b", topic)
                            .putExt("c", "TBW102")
                            .putExt("d", 4)
                            .putExt("e", 0)
                            .putExt("f", MessageSysFlag.COMPRESSED)
                            .putExt("g", 1_700_000_000_000L)
                            .putExt("h", 0)
                            .putExt("i", "")
                            .body(utf8("not a zlib stream")),
                    5000);
            assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(response.ext("queueOffset")).isEqualTo("1");
        }
    }

    @Test
    void pollHandsOutWhatPrecedesThenNamesTheOffsetAndSeekingPastContinues() throws Exception {
        try (Consumer consumer = client.newConsumer(ConsumerConfig.builder("CG_POISON_POLL")
                .pullSuspend(Duration.ofMillis(200))
                .build())) {
            consumer.assign(List.of(queue));
            consumer.seek(queue, 0);
            List<String> got = new ArrayList<>();
            UndecodableMessageException[] error = {null};
            until("the message before the corrupt one, then the error", () -> {
                try {
                    consumer.poll(Duration.ofMillis(100)).forEach(m -> got.add(text(m.body())));
                } catch (UndecodableMessageException e) {
                    error[0] = e;
                }
                return error[0] != null;
            });
            assertThat(got).containsExactly("good-0");
            assertThat(error[0].queue()).isEqualTo(queue);
            assertThat(error[0].offset()).isEqualTo(1);
            assertThat(error[0].getMessage()).contains("offset 1", queue.toString(), "zlib");
            assertThat(consumer.position(queue)).isEqualTo(1);

            consumer.seek(queue, error[0].offset() + 1);
            until("the message after it", () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(m -> got.add(text(m.body())));
                return got.size() == 2;
            });
            assertThat(got).containsExactly("good-0", "good-2");
        }
    }

    @Test
    void pushConsumerSkipsItAndDeliversTheRestOfTheQueue() throws Exception {
        Set<String> got = ConcurrentHashMap.newKeySet();
        try (PushConsumer push = client.newPushConsumer(
                ConsumerConfig.builder("CG_POISON_PUSH")
                        .pullSuspend(Duration.ofMillis(200))
                        .startPosition(StartPosition.first())
                        .build(),
                PushConsumerConfig.defaults(),
                message -> got.add(text(message.body())))) {
            push.subscribe(queue.topic(), "*").start();
            until("both good messages", () -> got.size() == 2);
            assertThat(got).containsExactlyInAnyOrder("good-0", "good-2");
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
