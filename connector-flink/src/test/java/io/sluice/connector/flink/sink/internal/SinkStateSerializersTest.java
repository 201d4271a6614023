package io.sluice.connector.flink.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.transaction.TransactionHandle;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committable and writer-state serializers write exactly the documented version-1 bytes (a
 * checkpoint written today must be readable by every later release) and refuse what they cannot
 * read with a message naming it.
 */
class SinkStateSerializersTest {

    private static final TransactionHandle HANDLE = new TransactionHandle("job-0-0", 7L, 2, 5L, "broker-a", "out", 3);

    /** The handle in the HandleCodec layout, written out by hand from its javadoc. */
    private static final String HANDLE_HEX = "0007" + "6a6f622d302d30" // UTF "job-0-0"
            + "0000000000000007" // producerId 7
            + "00000002" // epoch 2
            + "0000000000000005" // txnSeq 5
            + "0008" + "62726f6b65722d61" // UTF "broker-a"
            + "0003" + "6f7574" // UTF "out"
            + "00000003"; // stagedCount 3

    @Test
    void aCommittableIsTheHandleInVersionOneLayout() throws IOException {
        SluiceCommittableSerializer serializer = new SluiceCommittableSerializer();
        assertThat(serializer.getVersion()).isEqualTo(1);

        byte[] bytes = serializer.serialize(HANDLE);

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(HANDLE_HEX);
        assertThat(serializer.deserialize(1, HexFormat.of().parseHex(HANDLE_HEX)))
                .isEqualTo(HANDLE);
    }

    @Test
    void aWriterStateIsSubtaskCountAndHandles() throws IOException {
        SluiceWriterStateSerializer serializer = new SluiceWriterStateSerializer();
        assertThat(serializer.getVersion()).isEqualTo(1);
        String golden = "00000004" + "00000001" + HANDLE_HEX;

        byte[] bytes = serializer.serialize(new SluiceWriterState(4, List.of(HANDLE)));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(golden);
        assertThat(serializer.deserialize(1, HexFormat.of().parseHex(golden)))
                .isEqualTo(new SluiceWriterState(4, List.of(HANDLE)));
        assertThat(serializer.deserialize(1, serializer.serialize(new SluiceWriterState(0, List.of()))))
                .isEqualTo(new SluiceWriterState(0, List.of()));
    }

    @Test
    void unknownVersionsAndCorruptBytesAreRefusedByName() {
        byte[] handle = HexFormat.of().parseHex(HANDLE_HEX);
        assertThatThrownBy(() -> new SluiceCommittableSerializer().deserialize(2, handle))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2")
                .hasMessageContaining("committable");
        assertThatThrownBy(() -> new SluiceCommittableSerializer()
                        .deserialize(1, HexFormat.of().parseHex(HANDLE_HEX + "00")))
                .hasMessageContaining("1 trailing bytes");
        assertThatThrownBy(() -> new SluiceWriterStateSerializer()
                        .deserialize(1, HexFormat.of().parseHex("00000001" + "7fffffff")))
                .hasMessageContaining("subtask 1")
                .hasMessageContaining("2147483647 handles");
        assertThatThrownBy(() -> new SluiceWriterStateSerializer().deserialize(3, new byte[8]))
                .hasMessageContaining("version 3")
                .hasMessageContaining("writer state");
    }
}
