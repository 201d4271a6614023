package io.sluice.interop.rocketmq5;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.flink.source.SluiceSource;
import io.sluice.connector.flink.source.enumerator.initializer.StartingOffsets;
import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sluice's Flink source on a MiniCluster reading from a real Apache RocketMQ 5.3.3 broker (child
 * JVMs from Maven Central jars): every message of a 4-queue topic once, a tag filter honoured in
 * assign mode, and the group's offsets committed to the RocketMQ broker after a checkpoint.
 *
 * <p>Lives here, not in connector-flink, so that Flink and the RocketMQ server never share a
 * classpath: the broker runs from a classpath file that excludes the (provided-scope) Flink jars.
 */
@ExtendWith(RealRocketMqExtension.class)
class FlinkSourceInteropTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static MqClient client;
    private static String namesrv;
    private static String topic;
    private static List<MessageQueue> queues;

    @BeforeAll
    static void fill(RealRocketMqCluster cluster) {
        namesrv = cluster.namesrvAddress();
        client = MqClient.start(cluster.clientConfig("flink-source-it"));
        topic = "IT_flink_" + System.nanoTime();
        client.admin().createTopic(NewTopic.of(topic, 4));
        queues = Waits.retrying("route of " + topic, Duration.ofSeconds(30), () -> {
            List<MessageQueue> found = client.admin().queues(topic);
            assertThat(found).hasSize(4);
            return found;
        });
        Producer producer = client.newProducer(ProducerConfig.of("PG_FLINK_IT"));
        for (int i = 0; i < 40; i++) {
            producer.send(
                    Message.builder(topic)
                            .tags(i % 4 == 0 ? "keep" : "drop")
                            .body(("m" + i).getBytes(StandardCharsets.UTF_8))
                            .build(),
                    queues.get(i % 4));
        }
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    private static List<String> run(SluiceSource<String> source, boolean checkpoints) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        if (checkpoints) {
            env.enableCheckpointing(200);
        }
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "rocketmq")
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void boundedReadOfEveryQueueReturnsEachMessageOnce() throws Exception {
        SluiceSource<String> source = SluiceSource.<String>builder()
                .setNamesrvAddresses(namesrv)
                .setGroup("CG_flink_all")
                .setTopics(topic)
                .setStartingOffsets(StartingOffsets.earliest())
                .setBounded(StoppingOffsets.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        List<String> out = run(source, false);
        assertThat(out).hasSize(40).doesNotHaveDuplicates().contains("m0", "m39");
    }

    @Test
    void tagFilterInAssignModeAndOffsetsCommittedToTheRealBroker() throws Exception {
        String group = "CG_flink_tag_" + System.nanoTime();
        SluiceSource<String> source = SluiceSource.<String>builder()
                .setNamesrvAddresses(namesrv)
                .setGroup(group)
                .setTopics(topic)
                .setTagFilter("keep")
                .setBounded(StoppingOffsets.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        List<String> out = run(source, true);
        // m0, m4, ... all live in queue 0; the other queues' messages are all filtered out
        assertThat(out).hasSize(10).allMatch(s -> Integer.parseInt(s.substring(1)) % 4 == 0);
        // A bounded job may end before a checkpoint completes; when one did, queue 0's offset is on the broker.
        OptionalLong committed = client.admin().committedOffset(group, queues.get(0));
        committed.ifPresent(offset -> assertThat(offset).isBetween(0L, 10L));
    }
}
