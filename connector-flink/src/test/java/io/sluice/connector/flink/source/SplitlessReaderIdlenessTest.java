package io.sluice.connector.flink.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.flink.source.enumerator.AssignmentSettledEvent;
import io.sluice.connector.flink.source.enumerator.SluiceEnumState;
import io.sluice.connector.flink.source.split.QueueSplit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that has no split yet must not mark its output idle until the enumerator says its first
 * assignment is out: an idle reader's watermark is ignored downstream, so event-time windows
 * would fire on the other readers' progress and drop this reader's records as late once its
 * splits arrive (seen as lost or partial windows in a keyed window job over a bounded read).
 */
class SplitlessReaderIdlenessTest {

    @TempDir
    Path dir;

    @Test
    void aReaderWithoutSplitsGoesIdleOnlyAfterTheEnumeratorSettledItsAssignment() throws Exception {
        try (EmbeddedSluice sluice = new EmbeddedSluice(dir)) {
            sluice.createTopic("idle", 1);
            SourceReader<String, QueueSplit> reader = source(sluice).createReader(new TestingReaderContext());
            IdleRecordingOutput output = new IdleRecordingOutput();
            try {
                reader.start();
                assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
                assertThat(output.idle)
                        .as("idle while waiting for the first assignment")
                        .isFalse();

                reader.handleSourceEvents(new AssignmentSettledEvent());
                reader.pollNext(output);
                assertThat(output.idle).as("idle once settled without a split").isTrue();
            } finally {
                reader.close();
            }
        }
    }

    @Test
    void theEnumeratorSettlesEveryReaderAfterItsSplitsIncludingOnesWithoutSplits() throws Exception {
        try (EmbeddedSluice sluice = new EmbeddedSluice(dir)) {
            sluice.createTopic("idle", 1);
            sluice.sendBytes(sluice.client().admin().queues("idle").get(0), "x".getBytes(StandardCharsets.UTF_8));
            TestingSplitEnumeratorContext<QueueSplit> context = new TestingSplitEnumeratorContext<>(2);
            context.registerReader(0, "localhost");
            context.registerReader(1, "localhost");
            try (SplitEnumerator<QueueSplit, SluiceEnumState> enumerator =
                    source(sluice).createEnumerator(context)) {
                enumerator.start();
                assertThat(context.getSentEvents())
                        .as("nothing settled before discovery")
                        .isEmpty();

                context.triggerAllActions(); // discovery, then resolving the start offsets
                context.triggerAllActions();

                int owner = context.getSplitAssignments().keySet().iterator().next();
                assertThat(context.getSplitAssignments().get(owner).getAssignedSplits())
                        .hasSize(1);
                for (int reader = 0; reader < 2; reader++) {
                    List<SourceEvent> events = context.getSentEvents().getOrDefault(reader, List.of());
                    assertThat(events).as("events of reader %s", reader).containsExactly(new AssignmentSettledEvent());
                }

                // A reader that comes back (a restart) waits for its assignment again.
                enumerator.addReader(1 - owner);
                assertThat(context.getSentEvents().get(1 - owner)).hasSize(2);
            }
        }
    }

    private static SluiceSource<String> source(EmbeddedSluice sluice) {
        return SluiceSource.<String>builder()
                .setNamesrvAddresses(sluice.namesrv())
                .setGroup("idle-test")
                .setTopics("idle")
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
    }

    /** Records whether the reader marked its whole output idle. */
    private static final class IdleRecordingOutput extends TestingReaderOutput<String> {
        boolean idle;

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
