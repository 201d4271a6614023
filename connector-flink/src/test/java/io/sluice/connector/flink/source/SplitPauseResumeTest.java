package io.sluice.connector.flink.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.flink.source.metrics.SourceReaderMetrics;
import io.sluice.connector.flink.source.reader.SluiceSplitReader;
import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.OffsetResetStrategy;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watermark alignment pauses the splits that ran ahead and resumes them later: a paused queue
 * yields nothing while the others keep flowing, and after resuming it continues from where it
 * stopped, with nothing lost or repeated. Drives the split reader as Flink's fetcher does, against
 * an in-process broker.
 */
class SplitPauseResumeTest {

    private static final int PER_QUEUE = 40;

    @TempDir
    Path dir;

    @Test
    void aPausedSplitYieldsNothingUntilResumedThenContinuesWhereItStopped() throws Exception {
        try (EmbeddedSluice sluice = new EmbeddedSluice(dir.resolve("broker"))) {
            List<MessageQueue> queues = sluice.createTopic("aligned", 2);
            for (int i = 0; i < PER_QUEUE; i++) {
                sluice.send(queues.get(0), "a-" + i, null, Map.of());
                sluice.send(queues.get(1), "b-" + i, null, Map.of());
            }
            QueueSplit ahead = new QueueSplit(queues.get(0), 0, QueueSplit.NO_STOP, QueueSplit.NO_STOP);
            QueueSplit behind = new QueueSplit(queues.get(1), 0, QueueSplit.NO_STOP, QueueSplit.NO_STOP);
            SluiceSplitReader reader = splitReader(sluice);
            try {
                reader.handleSplitsChanges(new SplitsAddition<>(List.of(ahead, behind)));
                reader.pauseOrResumeSplits(List.of(ahead), List.of());

                Map<String, List<String>> paused = fetch(reader, 30, PER_QUEUE);
                assertThat(paused.getOrDefault(behind.splitId(), List.of())).hasSize(PER_QUEUE);
                assertThat(paused.get(ahead.splitId())).isNull();

                reader.pauseOrResumeSplits(List.of(), List.of(ahead));
                Map<String, List<String>> resumed = fetch(reader, 30, PER_QUEUE);
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < PER_QUEUE; i++) {
                    expected.add("a-" + i);
                }
                assertThat(resumed.get(ahead.splitId())).isEqualTo(expected);
                assertThat(resumed.get(behind.splitId())).isNull();
            } finally {
                reader.close();
            }
        }
    }

    private static SluiceSplitReader splitReader(EmbeddedSluice sluice) {
        SluiceSource<String> source = SluiceSource.<String>builder()
                .setNamesrvAddresses(sluice.namesrv())
                .setGroup("aligned-job")
                .setTopics("aligned")
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        return new SluiceSplitReader(
                sluice.client()
                        .newConsumer(ConsumerConfig.builder("aligned-job")
                                .offsetReset(OffsetResetStrategy.EARLIEST)
                                .build()),
                source.settings(),
                new SourceReaderMetrics(UnregisteredMetricsGroup.createSourceReaderMetricGroup()),
                new SystemClock(),
                ConcurrentHashMap.newKeySet());
    }

    /**
     * Bodies per split id from up to {@code maxFetches} fetches (each polls at most ~100 ms), stopping
     * early once {@code enough} arrived and one more fetch brought nothing.
     */
    private static Map<String, List<String>> fetch(SluiceSplitReader reader, int maxFetches, int enough)
            throws Exception {
        Map<String, List<String>> bodies = new HashMap<>();
        int total = 0;
        for (int i = 0; i < maxFetches; i++) {
            RecordsWithSplitIds<ReceivedMessage> records = reader.fetch();
            int before = total;
            for (String split = records.nextSplit(); split != null; split = records.nextSplit()) {
                for (ReceivedMessage m = records.nextRecordFromSplit(); m != null; m = records.nextRecordFromSplit()) {
                    bodies.computeIfAbsent(split, k -> new ArrayList<>())
                            .add(new String(m.body(), StandardCharsets.UTF_8));
                    total++;
                }
            }
            records.recycle();
            if (total >= enough && total == before) {
                break;
            }
        }
        return bodies;
    }
}
