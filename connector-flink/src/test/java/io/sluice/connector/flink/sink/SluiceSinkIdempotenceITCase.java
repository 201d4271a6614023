package io.sluice.connector.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.consumer.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AT_LEAST_ONCE sink deduplicates its retried sends where the brokers can (Sluice), falls back
 * to plain sends with {@link IdempotentSends#AUTO} where they cannot (a broker answering the
 * extension codes as stock RocketMQ does), and refuses to start with {@link
 * IdempotentSends#REQUIRED} there, naming the broker. That a retried idempotent send is stored once
 * is proven on the client in mq-core (IdempotentProducerTest); here, which producer the sink opens.
 */
class SluiceSinkIdempotenceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final int COUNT = 300;

    @Test
    void requiredIdempotenceWritesEveryRecordOnceOnSluice() throws Exception {
        SinkTestCluster sluice = new SinkTestCluster(true);
        sluice.startUp();
        try {
            String topic = sluice.newTopic("idem", 2);
            run(sluice, topic, IdempotentSends.REQUIRED);
            assertThat(bodies(sluice.readAll(topic, COUNT, Duration.ofSeconds(60))))
                    .containsExactlyInAnyOrderElementsOf(expected());
        } finally {
            sluice.tearDown();
        }
    }

    @Test
    void aBrokerWithoutIdempotenceFailsRequiredAndGetsPlainSendsWithAuto() throws Exception {
        SinkTestCluster stockLike = new SinkTestCluster(false);
        stockLike.startUp();
        try {
            String refused = stockLike.newTopic("idem-refused", 2);
            assertThatThrownBy(() -> run(stockLike, refused, IdempotentSends.REQUIRED))
                    .satisfies(
                            failure -> assertThat(ExceptionUtils.findThrowableWithMessage(failure, "idempotent sends"))
                                    .hasValueSatisfying(cause -> assertThat(cause.getMessage())
                                            .contains("does not support", "IdempotentSends.REQUIRED")));

            String topic = stockLike.newTopic("idem-auto", 2);
            run(stockLike, topic, IdempotentSends.AUTO);
            assertThat(bodies(stockLike.readAll(topic, COUNT, Duration.ofSeconds(60))))
                    .containsExactlyInAnyOrderElementsOf(expected());
        } finally {
            stockLike.tearDown();
        }
    }

    private static void run(SinkTestCluster cluster, String topic, IdempotentSends mode) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.fromSource(
                        new DataGeneratorSource<>(i -> Long.toString(i), COUNT, Types.STRING),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .sinkTo(SluiceSink.<String>builder()
                        .setNameServerAddress(cluster.namesrvAddress())
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .setIdempotentSends(mode)
                        .setRecordSerializer(SluiceRecordSerializer.<String>builder()
                                .setTopic(topic)
                                .setValueSerializationSchema(new SimpleStringSchema())
                                .build())
                        .build());
        env.execute("idempotent sends " + mode);
    }

    private static List<String> expected() {
        return LongStream.range(0, COUNT).mapToObj(Long::toString).toList();
    }

    private static List<String> bodies(List<ReceivedMessage> messages) {
        return messages.stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8))
                .toList();
    }
}
