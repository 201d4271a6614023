package io.sluice.mq.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.ManualClock;
import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.store.io.SimStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Consume-queue arithmetic against a list model: entries cross file boundaries, get truncated and
 * re-added, and every read (of any length, from any offset) equals the model's slice.
 */
class ConsumeQueuePropertyTest {

    private static final Path DIR = Path.of("/sim/cq/t/0");

    @Property(tries = 200)
    void readsEqualTheModelAcrossFilesAndTruncations(
            @ForAll @IntRange(min = 1, max = 9) int entriesPerFile,
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 6) Integer> operations,
            @ForAll @IntRange(min = 0, max = 1000) int readSeed)
            throws IOException {
        SimStorage storage = new SimStorage(new ManualClock(0), 1 << 30);
        ConsumeQueue queue = ConsumeQueue.open(storage, DIR, new TopicQueue("t", 0), entriesPerFile);
        List<long[]> model = new ArrayList<>();
        long position = 1000;
        for (int operation : operations) {
            if (operation <= 4) {
                for (int i = 0; i <= operation; i++) {
                    queue.add(model.size(), position, 100 + operation, operation * 31L);
                    model.add(new long[] {position, 100 + operation, operation * 31L});
                    position += 200;
                }
                queue.publish();
            } else if (!model.isEmpty()) {
                int keep = (int) ((readSeed + model.size()) % (model.size() + 1));
                queue.truncateTo(keep);
                model.subList(keep, model.size()).clear();
            }
            assertThat(queue.nextOffset()).isEqualTo(model.size());
        }
        for (int from = 0; from < model.size(); from++) {
            int max = 1 + (readSeed + from) % 12;
            List<ConsumeQueue.Entry> read = queue.read(from, max);
            int expected = Math.min(Math.min(max, model.size() - from), entriesPerFile - from % entriesPerFile);
            assertThat(read).as("read %s entries from %s", max, from).hasSize(expected);
            for (ConsumeQueue.Entry entry : read) {
                long[] want = model.get((int) entry.queueOffset());
                assertThat(new long[] {entry.logPosition(), entry.size(), entry.tagHash()})
                        .isEqualTo(want);
            }
        }
        ConsumeQueue reopened = ConsumeQueue.open(storage, DIR, new TopicQueue("t", 0), entriesPerFile);
        assertThat(reopened.nextOffset()).isEqualTo(model.size());
    }
}
