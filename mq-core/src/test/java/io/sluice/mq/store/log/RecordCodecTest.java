package io.sluice.mq.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.common.CorruptRecordException;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.RecordTooLargeException;
import io.sluice.mq.store.MessageDraft;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private static final HostAddress STORE = HostAddress.loopback(10911);
    private static final HostAddress BORN = HostAddress.of(new byte[] {10, 1, 2, 3}, 40911);

    private static ByteBuffer encode(MessageDraft draft, long queueOffset, long logPosition, long storeMs) {
        PreparedRecord record = RecordCodec.prepare(draft, STORE, 1 << 20);
        ByteBuffer out = ByteBuffer.allocate(record.size());
        RecordCodec.encode(record, queueOffset, logPosition, storeMs, out);
        assertThat(out.position()).isEqualTo(record.size());
        return out.flip();
    }

    private static MessageDraft sample() {
        return new MessageDraft(
                "T_498",
                3,
                7,
                0,
                1_700_000_000_123L,
                BORN,
                2,
                0L,
                "payload".getBytes(StandardCharsets.UTF_8),
                "TAGS\u0001red\u0002KEYS\u0001a b");
    }

    @Test
    void fieldsSitAtTheOffsetsOfRocketMqStoredMessageLayout() {
        ByteBuffer record = encode(sample(), 42, 272, 1_700_000_000_456L);
        String properties = "TAGS\u0001red\u0002KEYS\u0001a b\u0002__CRC32#\u0001";
        int propertiesLength = properties.length() + 10;
        assertThat(record.getInt(0)).isEqualTo(88 + 7 + 1 + 5 + 2 + propertiesLength);
        assertThat(record.getInt(4)).isEqualTo(0xDAA320A7);
        CRC32 crc = new CRC32();
        crc.update("payload".getBytes(StandardCharsets.UTF_8));
        assertThat(record.getInt(8)).isEqualTo((int) (crc.getValue() & 0x7FFFFFFF));
        assertThat(record.getInt(12)).isEqualTo(3);
        assertThat(record.getInt(16)).isEqualTo(7);
        assertThat(record.getLong(20)).isEqualTo(42);
        assertThat(record.getLong(28)).isEqualTo(272);
        assertThat(record.getInt(36)).isZero();
        assertThat(record.getLong(40)).isEqualTo(1_700_000_000_123L);
        assertThat(record.getInt(48)).isEqualTo(0x0A010203);
        assertThat(record.getInt(52)).isEqualTo(40911);
        assertThat(record.getLong(56)).isEqualTo(1_700_000_000_456L);
        assertThat(record.getInt(64)).isEqualTo(0x7F000001);
        assertThat(record.getInt(68)).isEqualTo(10911);
        assertThat(record.getInt(72)).isEqualTo(2);
        assertThat(record.getLong(76)).isZero();
        assertThat(record.getInt(84)).isEqualTo(7);
        assertThat(record.get(95)).isEqualTo((byte) 5);
        assertThat(new String(record.array(), 96, 5, StandardCharsets.UTF_8)).isEqualTo("T_498");
        assertThat(record.getShort(101)).isEqualTo((short) propertiesLength);
        String stored = new String(record.array(), 103, propertiesLength, StandardCharsets.UTF_8);
        assertThat(stored).startsWith(properties).matches("(?s).*__CRC32#\u0001\\d{10}$");
    }

    @Test
    void ipv6HostsSetTheirSysFlagBitsAndWidenTheLayout() {
        byte[] v6 = new byte[16];
        v6[15] = 1;
        MessageDraft draft = new MessageDraft("t", 0, 0, 0, 1L, HostAddress.of(v6, 9), 0, 0L, new byte[] {1}, "");
        PreparedRecord prepared = RecordCodec.prepare(draft, HostAddress.of(v6, 10), 100);
        ByteBuffer out = ByteBuffer.allocate(prepared.size());
        RecordCodec.encode(prepared, 0, 0, 5L, out);
        out.flip();
        StoredRecord view = new StoredRecord(out);
        assertThat(view.sysFlag() & 0x30).isEqualTo(0x30);
        assertThat(view.storeTimestampMs()).isEqualTo(5L);
        assertThat(view.storeHost()).isEqualTo(HostAddress.of(v6, 10));
        assertThat(view.topic()).isEqualTo("t");
        RecordCodec.check(out, 0, "f", 0);
    }

    @Test
    void onlyTheWriterMarksUnitContinuationAndCopiesNeverInheritIt() {
        PreparedRecord first = RecordCodec.prepare(sample(), STORE, 1 << 20);
        ByteBuffer continuing = ByteBuffer.allocate(first.size());
        RecordCodec.encode(first, new RecordCodec.Placement(0, 0, 5L, true), continuing);
        continuing.flip();
        StoredRecord stored = new StoredRecord(continuing);
        assertThat(stored.unitContinues()).isTrue();
        assertThat(stored.sysFlag() & 0xFFFF)
                .as("RocketMQ's bits are untouched")
                .isZero();
        RecordCodec.check(continuing, 0, "f", 0);

        MessageDraft copy = new MessageDraft("copy", 0, 0, stored.sysFlag(), 1L, BORN, 0, 0L, new byte[] {1}, "");
        ByteBuffer copied = encode(copy, 0, 0, 6L);
        assertThat(new StoredRecord(copied).unitContinues())
                .as("a single-record append of a copy is a whole unit")
                .isFalse();
    }

    @Test
    void topicsLongerThan127BytesUseTheV2MagicAndTwoByteLength() {
        String topic = "x".repeat(200);
        MessageDraft draft = MessageDraft.of(topic, 0, new byte[0], "", 1L, BORN);
        ByteBuffer record = encode(draft, 0, 0, 1L);
        assertThat(record.getInt(4)).isEqualTo(0xDAA320AB);
        assertThat(new StoredRecord(record).topic()).isEqualTo(topic);
        RecordCodec.check(record, 0, "f", 0);
    }

    @Test
    void everySingleBitFlipIsDetected() {
        ByteBuffer record = encode(sample(), 42, 272, 9L);
        for (int at = 0; at < record.limit(); at++) {
            for (int bit = 0; bit < 8; bit++) {
                ByteBuffer damaged = ByteBuffer.allocate(record.limit());
                damaged.put(record.duplicate()).flip();
                damaged.put(at, (byte) (damaged.get(at) ^ (1 << bit)));
                int offset = at;
                assertThatThrownBy(() -> RecordCodec.check(damaged, 272, "seg", 1000))
                        .as("flip of bit %s at byte %s", bit, offset)
                        .isInstanceOf(CorruptRecordException.class)
                        .hasMessageContaining("seg")
                        .hasMessageContaining("position 1000");
            }
        }
    }

    @Test
    void recordReadFromTheWrongPositionIsRejected() {
        ByteBuffer record = encode(sample(), 0, 272, 9L);
        assertThatThrownBy(() -> RecordCodec.check(record, 4096, "seg", 4096))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("record says position 272, read at 4096");
    }

    @Test
    void limitsAreEnforcedWithSizesInTheMessage() {
        MessageDraft big = MessageDraft.of("t", 0, new byte[101], "", 1L, BORN);
        assertThatThrownBy(() -> RecordCodec.prepare(big, STORE, 100))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("101 bytes")
                .hasMessageContaining("100 bytes");
        MessageDraft props = MessageDraft.of("t", 0, new byte[1], "k\u0001" + "v".repeat(33_000), 1L, BORN);
        assertThatThrownBy(() -> RecordCodec.prepare(props, STORE, 100))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("properties");
    }

    /**
     * The bytes of {@code golden/record-v1.bin} were produced by this codec when the format was
     * fixed. A change that alters them is a storage-format change: bump the version and keep a
     * reader for the old one.
     */
    @Test
    void goldenRecordStillDecodesAndReencodesToTheSameBytes() throws IOException {
        byte[] golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/record-v1.bin")) {
            assertThat(in).as("golden file").isNotNull();
            golden = in.readAllBytes();
        }
        ByteBuffer stored = ByteBuffer.wrap(golden);
        RecordCodec.check(stored, 272, "golden", 0);
        StoredRecord view = new StoredRecord(stored);
        assertThat(view.topic()).isEqualTo("T_498");
        assertThat(view.queueOffset()).isEqualTo(42);
        assertThat(view.properties()).startsWith("TAGS\u0001red\u0002KEYS\u0001a b\u0002__CRC32#\u0001");
        assertThat(encode(sample(), 42, 272, 1_700_000_000_456L)).isEqualTo(stored);
    }
}
