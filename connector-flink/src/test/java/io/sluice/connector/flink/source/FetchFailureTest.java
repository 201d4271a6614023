package io.sluice.connector.flink.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.sluice.mq.common.MessageQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that stays unreachable fails the job once a queue's fetches failed {@code maxRetries}
 * times in a row: the reader neither hangs nor logs and drops the error, and the failure names the
 * queue, the count and the limit so an operator sees why the job restarted.
 */
class FetchFailureTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path dir;

    @Test
    void persistentFetchErrorsFailTheTaskWithTheQueueAndTheLimit() throws Exception {
        EmbeddedSluice sluice = new EmbeddedSluice(dir.resolve("broker"));
        JobClient job;
        try {
            List<MessageQueue> queues = sluice.createTopic("fetch-fail", 2);
            for (int i = 0; i < 10; i++) {
                sluice.send(queues.get(i % 2), "m-" + i, null, Map.of());
            }
            job = start(sluice.namesrv());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> CollectingSink.output("fetch-fail").size() == 10);
        } finally {
            sluice.close(); // broker and nameserver gone while the job keeps fetching
        }

        Throwable failure = catchThrowable(() -> job.getJobExecutionResult().get(90, TimeUnit.SECONDS));

        assertThat(failure).isNotNull();
        assertThat(ExceptionUtils.findThrowableWithMessage(failure, "times in a row"))
                .hasValueSatisfying(cause ->
                        assertThat(cause.getMessage()).contains("fetching fetch-fail", "(limit 3, backoff PT0.1S)"));
    }

    private static JobClient start(String namesrv) throws Exception {
        Configuration config = new Configuration();
        config.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        SluiceSource<String> source = SluiceSource.<String>builder()
                .setNamesrvAddresses(namesrv)
                .setGroup("fetch-fail-job")
                .setTopics("fetch-fail")
                .setFetchRetries(3, Duration.ofMillis(100))
                .setRequestTimeout(Duration.ofSeconds(1))
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sluice").sinkTo(new CollectingSink("fetch-fail"));
        return env.executeAsync("fetch-fail");
    }
}
