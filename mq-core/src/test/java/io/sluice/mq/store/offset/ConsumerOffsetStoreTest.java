package io.sluice.mq.store.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.common.ManualClock;
import io.sluice.mq.store.io.SimStorage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Committed offsets and their metadata across persist and load, including files of older builds. */
class ConsumerOffsetStoreTest {

    private static final Path FILE = Path.of("/sim/config/consumerOffsets");
    private final SimStorage storage = new SimStorage(new ManualClock(0), 1 << 30);

    @BeforeEach
    void directory() throws IOException {
        storage.createDirectories(FILE.getParent());
    }

    private ConsumerOffsetStore reloaded() throws IOException {
        ConsumerOffsetStore store = new ConsumerOffsetStore(new CheckpointFile(storage, FILE));
        store.load(queue -> 0, queue -> 1_000);
        return store;
    }

    @Test
    void metadataSurvivesPersistAndLoadNextToItsOffset() throws IOException {
        ConsumerOffsetStore store = new ConsumerOffsetStore(new CheckpointFile(storage, FILE));
        store.commit("flink-job", "orders", 0, 40, "job=ab12 checkpoint=7 subtask=0");
        store.commit("flink-job", "orders", 1, 41, "job=ab12 checkpoint=7 subtask=1 \u00e9");
        store.commit("plain", "orders", 0, 5);
        store.persist();

        ConsumerOffsetStore loaded = reloaded();
        assertThat(loaded.query("flink-job", "orders", 0)).isEqualTo(OptionalLong.of(40));
        assertThat(loaded.metadata("flink-job", "orders", 0)).isEqualTo("job=ab12 checkpoint=7 subtask=0");
        assertThat(loaded.metadata("flink-job", "orders", 1)).isEqualTo("job=ab12 checkpoint=7 subtask=1 \u00e9");
        assertThat(loaded.query("plain", "orders", 0)).isEqualTo(OptionalLong.of(5));
        assertThat(loaded.metadata("plain", "orders", 0)).isEmpty();
    }

    @Test
    void aCommitWithoutMetadataClearsThePreviousOne() throws IOException {
        ConsumerOffsetStore store = new ConsumerOffsetStore(new CheckpointFile(storage, FILE));
        store.commit("g", "t", 0, 1, "checkpoint=1");
        store.commit("g", "t", 0, 2);
        assertThat(store.metadata("g", "t", 0)).isEmpty();
        store.persist();
        assertThat(reloaded().metadata("g", "t", 0)).isEmpty();
    }

    @Test
    void oversizedMetadataIsRefusedAndTheOffsetStays() {
        ConsumerOffsetStore store = new ConsumerOffsetStore(new CheckpointFile(storage, FILE));
        store.commit("g", "t", 0, 3, "checkpoint=1");
        String tooLong = "x".repeat(ConsumerOffsetStore.MAX_METADATA_BYTES + 1);
        assertThatThrownBy(() -> store.commit("g", "t", 0, 9, tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4097 UTF-8 bytes");
        assertThat(store.query("g", "t", 0)).isEqualTo(OptionalLong.of(3));
        assertThat(store.metadata("g", "t", 0)).isEqualTo("checkpoint=1");
    }

    @Test
    void readsTheOffsetsFileOfABuildWithoutMetadata() throws IOException {
        // Payload version 1: count, then group, topic, queue id, next offset; no metadata field.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(1);
            writeString(out, "old-group");
            writeString(out, "orders");
            out.writeInt(2);
            out.writeLong(77);
        }
        new CheckpointFile(storage, FILE).write((short) 1, bytes.toByteArray());

        ConsumerOffsetStore loaded = reloaded();
        assertThat(loaded.query("old-group", "orders", 2)).isEqualTo(OptionalLong.of(77));
        assertThat(loaded.metadata("old-group", "orders", 2)).isEmpty();
        loaded.persist(); // rewritten in the current version, still readable
        assertThat(reloaded().query("old-group", "orders", 2)).isEqualTo(OptionalLong.of(77));
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }
}
