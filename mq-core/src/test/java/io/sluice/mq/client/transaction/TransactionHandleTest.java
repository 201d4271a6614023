package io.sluice.mq.client.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A handle is what a checkpoint stores: both forms survive encode/parse and Java serialization. */
class TransactionHandleTest {

    private static final TransactionHandle NATIVE = new TransactionHandle("sink-0", 42, 3, 7, "broker-a", "T", 2);
    private static final TransactionHandle FALLBACK = new TransactionHandle(
            "sink-0",
            1_700_000_000_000L << 10,
            0,
            7,
            "broker-a",
            "T",
            2,
            new HalfMessageIds(
                    "PG",
                    "SLUICE_EO_MARKERS",
                    List.of(
                            new HalfMessageIds.Half(0, 1234, "7F0000010001"),
                            new HalfMessageIds.Half(1, 5678, "7F0000010002"))));

    @Test
    void nativeHandlesKeepTheV1Text() {
        assertThat(NATIVE.encode()).isEqualTo("v1|sink-0|42|3|7|broker-a|T|2");
        assertThat(TransactionHandle.parse(NATIVE.encode())).isEqualTo(NATIVE);
        assertThat(NATIVE.isHalfMessageFallback()).isFalse();
    }

    @Test
    void fallbackHandlesListTheirHalves() throws Exception {
        assertThat(FALLBACK.encode())
                .isEqualTo("h1|sink-0|" + (1_700_000_000_000L << 10)
                        + "|0|7|broker-a|T|2|PG|SLUICE_EO_MARKERS|0:1234:7F0000010001;1:5678:7F0000010002");
        assertThat(TransactionHandle.parse(FALLBACK.encode())).isEqualTo(FALLBACK);
        assertThat(FALLBACK.markerKey()).isEqualTo("sink-0|" + (1_700_000_000_000L << 10) + "|7");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(FALLBACK);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(FALLBACK);
        }
    }

    @Test
    void malformedTextIsRefusedNamingIt() {
        assertThatThrownBy(() -> TransactionHandle.parse("h1|a|1|0|1|b|T|1|PG|M|x:y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x:y");
        assertThatThrownBy(() -> new TransactionHandle("a", 1, 0, 1, "b", "T", 3, FALLBACK.halfMessages()))
                .hasMessageContaining("stagedCount 3");
    }
}
