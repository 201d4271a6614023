package io.sluice.connector.flink.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.mq.common.MessageQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets live in Flink's checkpoints and the broker only hears about them after a checkpoint
 * completes: a running job's group offsets reach what it emitted, a job stopped with a savepoint
 * and restored from it continues exactly where it stopped (no message lost, none read twice), and
 * new messages written while it was down are read.
 */
class CheckpointRestoreTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    @TempDir
    Path dir;

    @Test
    void stopWithSavepointThenRestoreResumesWithoutLossOrDuplicates() throws Exception {
        try (EmbeddedSluice sluice = new EmbeddedSluice(dir.resolve("broker"))) {
            List<MessageQueue> queues = sluice.createTopic("resume", 3);
            List<String> expected = new ArrayList<>();
            send(sluice, queues, 0, 30, expected);

            JobClient first = start(sluice, "first", null);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> CollectingSink.output("first").size() == 30);
            // Committed only after a checkpoint completed: the group's offsets reach every queue's end.
            await().atMost(Duration.ofSeconds(60)).until(() -> committedTotal(sluice, queues) == 30);
            // Each commit names the job, the subtask and the checkpoint that made it.
            for (MessageQueue queue : queues) {
                assertThat(sluice.commitMetadata("resume-job", queue))
                        .matches("flink job=" + first.getJobID() + " subtask=[01] checkpoint=\\d+");
            }
            String savepoint = first.stopWithSavepoint(
                            false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get();

            send(sluice, queues, 30, 60, expected);
            JobClient second = start(sluice, "second", savepoint);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> CollectingSink.output("second").size() >= 30);
            await().atMost(Duration.ofSeconds(60)).until(() -> committedTotal(sluice, queues) == 60);
            second.cancel().get();

            List<String> all = new ArrayList<>(CollectingSink.output("first"));
            all.addAll(CollectingSink.output("second"));
            assertThat(CollectingSink.output("second"))
                    .hasSize(30)
                    .allMatch(s -> Integer.parseInt(s.substring(2)) >= 30);
            assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static void send(EmbeddedSluice sluice, List<MessageQueue> queues, int from, int to, List<String> sent) {
        for (int i = from; i < to; i++) {
            String body = "m-" + i;
            sluice.send(queues.get(i % queues.size()), body, null, Map.of());
            sent.add(body);
        }
    }

    private static long committedTotal(EmbeddedSluice sluice, List<MessageQueue> queues) {
        long total = 0;
        for (MessageQueue queue : queues) {
            total += sluice.committed("resume-job", queue).orElse(0);
        }
        return total;
    }

    private static JobClient start(EmbeddedSluice sluice, String output, String savepoint) throws Exception {
        Configuration config = new Configuration();
        if (savepoint != null) {
            config.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        SluiceSource<String> source = SluiceSource.<String>builder()
                .setNamesrvAddresses(sluice.namesrv())
                .setGroup("resume-job")
                .setTopics("resume")
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sluice")
                .uid("sluice-source")
                .sinkTo(new CollectingSink(output))
                .uid("collect");
        return env.executeAsync("resume-" + output);
    }
}
