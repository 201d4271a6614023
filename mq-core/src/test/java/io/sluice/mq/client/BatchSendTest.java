package io.sluice.mq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch limits as Sluice's producer meets them: its own checks, then the broker's (64 KiB here). */
class BatchSendTest {

    private static final int BROKER_LIMIT = 64 * 1024;

    @TempDir
    Path dir;

    private StandaloneCluster cluster;
    private MqClient client;

    @BeforeEach
    void start() throws Exception {
        cluster = StandaloneCluster.start(
                BrokerConfig.builder(dir)
                        .ephemeralLoopback()
                        .segmentSizeBytes(4 * 1024 * 1024)
                        .consumeQueueFileBytes(20 * 4096)
                        .maxMessageSizeBytes(BROKER_LIMIT)
                        .registerTimeout(Duration.ofSeconds(3))
                        .build(),
                new SystemClock());
        client = new MqClient(
                        ClientConfig.builder(cluster.namesrvAddress())
                                .instanceName("batch")
                                .clientIp("127.0.0.1")
                                .build(),
                        new SystemClock(),
                        new SplittableRandom(5))
                .start();
    }

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    private static List<Message> batch(String topic, int messages, int bodyBytes) {
        return IntStream.range(0, messages)
                .mapToObj(i -> Message.of(topic, new byte[bodyBytes]))
                .toList();
    }

    @Test
    void theProducerRefusesMixedTopicsAndBatchesOverItsLimit() {
        Producer producer = client.newProducer(new ProducerConfig("PG_batch", Duration.ofSeconds(3), 0, 1 << 20, 1000));
        List<Message> mixed = List.of(Message.of("A", new byte[1]), Message.of("B", new byte[1]));
        assertThatThrownBy(() -> producer.sendBatch(mixed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one topic")
                .hasMessageContaining("A")
                .hasMessageContaining("B");
        assertThatThrownBy(() -> producer.sendBatch(batch("A", 3, 400)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1200")
                .hasMessageContaining("1000");
    }

    @Test
    void theBrokerRefusesABatchOverMaxMessageSizeAndStoresNothing() {
        String topic = "B_" + System.nanoTime();
        Producer producer =
                client.newProducer(new ProducerConfig("PG_batch", Duration.ofSeconds(3), 0, 1 << 20, 1 << 20));
        producer.send(Message.of(topic, new byte[1]));

        assertThatThrownBy(() -> producer.sendBatch(batch(topic, 3, 30 * 1024)))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.responseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
                    assertThat(e.remark()).contains("whole batch").contains(Integer.toString(BROKER_LIMIT));
                });
        assertThat(producer.sendBatch(batch(topic, 2, 30 * 1024)).msgId().split(","))
                .hasSize(2);
    }
}
