package io.sluice.connector.flink.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.flink.source.enumerator.SluiceEnumState;
import io.sluice.connector.flink.source.enumerator.SluiceEnumStateSerializer;
import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.connector.flink.source.split.QueueSplitSerializer;
import io.sluice.mq.common.MessageQueue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints written by every released state version must restore. The golden files under
 * {@code src/test/resources/golden/} are the bytes version 1 wrote for the values below; they are
 * never regenerated. A later version adds its own file and keeps these tests.
 * (Run with {@code -Dgolden.write=<dir>} once to create a new version's file.)
 */
class SerializerGoldenTest {

    static final QueueSplit SPLIT =
            new QueueSplit(new MessageQueue("orders", "broker-a", 3), 42, 100, QueueSplit.NO_STOP);
    static final SluiceEnumState STATE = new SluiceEnumState(
            Set.of(new MessageQueue("orders", "broker-a", 0), new MessageQueue("orders", "broker-a", 1)),
            List.of(new QueueSplit(
                    new MessageQueue("payments", "broker-b", 0), 7, QueueSplit.NO_STOP, 1_700_000_000_000L)),
            true);

    @Test
    void splitVersion1GoldenBytesRestore() throws IOException {
        QueueSplitSerializer serializer = new QueueSplitSerializer();
        byte[] golden = golden("queue-split-v1.bin");
        assertThat(serializer.deserialize(QueueSplitSerializer.VERSION_1, golden))
                .isEqualTo(SPLIT);
        assertThat(serializer.serialize(SPLIT)).as("version 1 layout is frozen").isEqualTo(golden);
    }

    @Test
    void enumStateVersion1GoldenBytesRestore() throws IOException {
        SluiceEnumStateSerializer serializer = new SluiceEnumStateSerializer();
        byte[] golden = golden("enum-state-v1.bin");
        assertThat(serializer.deserialize(SluiceEnumStateSerializer.VERSION_1, golden))
                .isEqualTo(STATE);
        assertThat(serializer.serialize(STATE)).as("version 1 layout is frozen").isEqualTo(golden);
    }

    @Test
    void unknownVersionsAndCorruptStateFailWithAClearMessage() {
        assertThatThrownBy(() -> new QueueSplitSerializer().deserialize(9, new byte[0]))
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> new SluiceEnumStateSerializer().deserialize(1, new byte[] {1, 0x7f, 0, 0, 0}))
                .hasMessageContaining("assigned count");
    }

    private static byte[] golden(String name) throws IOException {
        String write = System.getProperty("golden.write");
        if (write != null) {
            byte[] bytes = name.startsWith("queue")
                    ? new QueueSplitSerializer().serialize(SPLIT)
                    : new SluiceEnumStateSerializer().serialize(STATE);
            Files.write(Path.of(write, name), bytes);
        }
        try (InputStream in = SerializerGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return in.readAllBytes();
        }
    }
}
