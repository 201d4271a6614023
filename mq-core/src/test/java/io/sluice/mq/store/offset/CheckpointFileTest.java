package io.sluice.mq.store.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.common.CorruptRecordException;
import io.sluice.mq.common.ManualClock;
import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.store.io.FaultyStorage;
import io.sluice.mq.store.io.SimStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckpointFileTest {

    private static final Path DIR = Path.of("/sim/config");
    private final SimStorage storage = new SimStorage(new ManualClock(0), 1 << 30);

    @Test
    void writeThenReadReturnsThePayload() throws IOException {
        storage.createDirectories(DIR);
        CheckpointFile file = new CheckpointFile(storage, DIR.resolve("offsets"));
        file.write((short) 1, new byte[] {1, 2, 3});
        assertThat(file.read((short) 1))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3})));
    }

    @Test
    void aCrashLeavesEitherTheOldOrTheNewVersion() throws IOException {
        storage.createDirectories(DIR);
        CheckpointFile file = new CheckpointFile(storage, DIR.resolve("offsets"));
        file.write((short) 1, new byte[] {1});
        FaultyStorage faulty = new FaultyStorage(storage);
        faulty.failNth(FaultyStorage.Operation.RENAME, "offsets", 1, new IOException("crash before rename"));
        assertThatThrownBy(() -> new CheckpointFile(faulty, DIR.resolve("offsets")).write((short) 1, new byte[] {2}))
                .hasMessageContaining("crash before rename");
        storage.crash(new Random(7), 1.0);
        assertThat(file.read((short) 1))
                .hasValueSatisfying(b -> assertThat(b.get(0)).isEqualTo((byte) 1));
    }

    @Test
    void corruptFileNamesTheFileAndTheProblem() throws IOException {
        storage.createDirectories(DIR);
        Path path = DIR.resolve("offsets");
        CheckpointFile file = new CheckpointFile(storage, path);
        file.write((short) 1, new byte[] {1, 2, 3, 4});
        storage.corrupt(path, 11, new byte[] {9});
        assertThatThrownBy(() -> file.read((short) 1))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("CRC");
    }

    @Test
    void unknownVersionIsRejected() throws IOException {
        storage.createDirectories(DIR);
        CheckpointFile file = new CheckpointFile(storage, DIR.resolve("offsets"));
        file.write((short) 7, new byte[] {1});
        assertThatThrownBy(() -> file.read((short) 1)).hasMessageContaining("unknown format version 7");
    }

    @Test
    void offsetsAreClampedIntoTheQueueRangeOnLoad() throws IOException {
        storage.createDirectories(DIR);
        CheckpointFile file = new CheckpointFile(storage, DIR.resolve("consumerOffsets"));
        ConsumerOffsetStore offsets = new ConsumerOffsetStore(file);
        offsets.commit("g", "t", 0, 50);
        offsets.commit("g", "t", 1, 2);
        offsets.persist();
        ConsumerOffsetStore loaded = new ConsumerOffsetStore(file);
        loaded.load(q -> q.equals(new TopicQueue("t", 1)) ? 5 : 0, q -> 40);
        assertThat(loaded.query("g", "t", 0)).hasValue(40);
        assertThat(loaded.query("g", "t", 1)).hasValue(5);
        assertThat(loaded.query("g", "t", 2)).isEmpty();
    }
}
