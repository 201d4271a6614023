package io.sluice.connector.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.flink.sink.internal.SluiceSendException;
import io.sluice.mq.client.consumer.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a user relies on from the sink, on a Flink MiniCluster against an in-process Sluice broker:
 * no loss with AT_LEAST_ONCE across a task failure and restart, order per queue key, NONE still
 * delivering a bounded input, and send errors failing the job with a cause that names the record
 * and the broker's answer.
 */
class SluiceSinkBehaviourITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    private static final SinkTestCluster SLUICE = new SinkTestCluster();
    private static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();

    @BeforeAll
    static void startSluice() throws Exception {
        SLUICE.startUp();
    }

    @AfterAll
    static void stopSluice() {
        SLUICE.tearDown();
    }

    private static StreamExecutionEnvironment environment(int restarts) {
        Configuration conf = new Configuration();
        if (restarts == 0) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        }
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static SluiceSinkBuilder<String> sink(String topic, DeliveryGuarantee guarantee) {
        return SluiceSink.<String>builder()
                .setNameServerAddress(SLUICE.namesrvAddress())
                .setDeliveryGuarantee(guarantee)
                .setRecordSerializer(SluiceRecordSerializer.<String>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build());
    }

    private static List<String> bodies(List<ReceivedMessage> messages) {
        return messages.stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void atLeastOnceLosesNothingWhenATaskFailsAndRestartsFromACheckpoint() throws Exception {
        String topic = SLUICE.newTopic("alo", 4);
        int count = 3000;
        StreamExecutionEnvironment env = environment(3);
        env.enableCheckpointing(100);
        env.setParallelism(2);
        env.fromSource(
                        new DataGeneratorSource<>(i -> i, count, RateLimiterStrategy.perSecond(1500), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .map(new FailOnceAt(count / 2))
                .sinkTo(sink(topic, DeliveryGuarantee.AT_LEAST_ONCE).build());
        INJECTED_FAILURES.set(0);

        env.execute("at-least-once across a failure");

        assertThat(INJECTED_FAILURES).hasValue(1);
        List<String> written = bodies(SLUICE.readAll(topic, count, Duration.ofSeconds(60)));
        Set<String> expected =
                LongStream.range(0, count).mapToObj(Long::toString).collect(Collectors.toSet());
        assertThat(new TreeSet<>(written)).isEqualTo(new TreeSet<>(expected));
    }

    /** Passes numbers through as text; the first attempt of the subtask that sees {@code at} fails there. */
    private static final class FailOnceAt extends RichMapFunction<Long, String> {
        private final long at;
        private int attempt;

        FailOnceAt(long at) {
            this.at = at;
        }

        @Override
        public void open(OpenContext context) {
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        }

        @Override
        public String map(Long value) {
            if (value == at && attempt == 0) {
                INJECTED_FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure at " + value);
            }
            return Long.toString(value);
        }
    }

    @Test
    void recordsWithAQueueKeyShareOneQueueAndKeepTheirOrder() throws Exception {
        String topic = SLUICE.newTopic("ordered", 4);
        int keys = 10;
        int perKey = 200;
        StreamExecutionEnvironment env = environment(0);
        env.setParallelism(2);
        DataStream<String> records = env.fromSource(
                        new DataGeneratorSource<>(i -> "k" + (i % keys) + ":" + i, (long) keys * perKey, Types.STRING),
                        WatermarkStrategy.noWatermarks(),
                        "keyed")
                .setParallelism(1);
        records.keyBy(SluiceSinkBehaviourITCase::keyOf)
                .sinkTo(SluiceSink.<String>builder()
                        .setNameServerAddress(SLUICE.namesrvAddress())
                        .setSendRetries(0)
                        .setRecordSerializer(SluiceRecordSerializer.<String>builder()
                                .setTopic(topic)
                                .setValueSerializationSchema(new SimpleStringSchema())
                                .setQueueKey(SluiceSinkBehaviourITCase::keyOf)
                                .setKeys(value -> new String[] {keyOf(value)})
                                .build())
                        .build());

        env.execute("ordered per key");

        Map<String, List<ReceivedMessage>> byKey = new LinkedHashMap<>();
        for (ReceivedMessage message : SLUICE.readAll(topic, keys * perKey, Duration.ofSeconds(60))) {
            byKey.computeIfAbsent(keyOf(new String(message.body(), StandardCharsets.UTF_8)), k -> new ArrayList<>())
                    .add(message);
        }
        assertThat(byKey).hasSize(keys);
        byKey.forEach((key, messages) -> {
            assertThat(messages).as("messages of %s", key).hasSize(perKey);
            assertThat(messages.stream().map(m -> m.queue().queueId()).distinct())
                    .as("queues of %s", key)
                    .hasSize(1);
            assertThat(messages.get(0).keys()).containsExactly(key);
            List<Long> sequence = messages.stream()
                    .map(m -> Long.parseLong(new String(m.body(), StandardCharsets.UTF_8).split(":")[1]))
                    .toList();
            assertThat(sequence).as("order of %s", key).isSorted();
        });
    }

    /**
     * A source that is still inside its only split when the sink fails the task. A source that runs
     * dry at once (fromData) races the failure with its NoMoreSplits event, and Flink may then report
     * the lost event instead of the sink's exception as the job's cause.
     */
    private static DataStream<String> unending(StreamExecutionEnvironment env) {
        return env.fromSource(
                new DataGeneratorSource<>(i -> "r" + i, Long.MAX_VALUE, Types.STRING),
                WatermarkStrategy.noWatermarks(),
                "unending");
    }

    private static String keyOf(String value) {
        return value.substring(0, value.indexOf(':'));
    }

    @Test
    void noneStillDeliversEveryRecordOfABoundedInput() throws Exception {
        String topic = SLUICE.newTopic("none", 2);
        StreamExecutionEnvironment env = environment(0);
        env.setParallelism(2);
        List<String> input = LongStream.range(0, 500).mapToObj(i -> "n" + i).toList();
        env.fromData(input).sinkTo(sink(topic, DeliveryGuarantee.NONE).build());

        env.execute("NONE at end of input");

        assertThat(bodies(SLUICE.readAll(topic, input.size(), Duration.ofSeconds(30))))
                .containsExactlyInAnyOrderElementsOf(input);
    }

    @Test
    void aTopicTheBrokerDoesNotKnowFailsTheJobNamingTheTopic() {
        String topic = "missing_" + System.nanoTime();
        StreamExecutionEnvironment env = environment(0);
        env.setParallelism(1);
        unending(env).sinkTo(sink(topic, DeliveryGuarantee.AT_LEAST_ONCE).build());

        assertThatThrownBy(() -> env.execute("unknown topic")).satisfies(e -> {
            SluiceSendException cause = ExceptionUtils.findThrowable(e, SluiceSendException.class)
                    .orElseThrow(() -> new AssertionError("no SluiceSendException in", e));
            assertThat(cause.getMessage()).contains(topic).contains("failed");
        });
    }

    @Test
    void aMessageOverTheBrokersLimitFailsTheJobWithTheBrokersAnswer() {
        String topic = SLUICE.newTopic("big", 1);
        StreamExecutionEnvironment env = environment(0);
        env.setParallelism(1);
        SerializationSchema<String> incompressible = value -> {
            byte[] body = new byte[SinkTestCluster.MAX_MESSAGE_BYTES + 1024];
            new SplittableRandom(value.hashCode()).nextBytes(body);
            return body;
        };
        unending(env)
                .sinkTo(SluiceSink.<String>builder()
                        .setNameServerAddress(SLUICE.namesrvAddress())
                        .setRecordSerializer(SluiceRecordSerializer.<String>builder()
                                .setTopic(topic)
                                .setValueSerializationSchema(incompressible)
                                .build())
                        .build());

        assertThatThrownBy(() -> env.execute("oversized")).satisfies(e -> {
            SluiceSendException cause = ExceptionUtils.findThrowable(e, SluiceSendException.class)
                    .orElseThrow(() -> new AssertionError("no SluiceSendException in", e));
            assertThat(cause.getMessage()).contains(topic).contains("code 13").contains("maxMessageSize");
        });
    }
}
