package io.sluice.mq.store.log;

import io.sluice.mq.common.CorruptRecordException;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.RecordTooLargeException;
import io.sluice.mq.store.MessageDraft;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Encodes and validates commit-log records in RocketMQ's stored-message layout, so the broker can
 * answer a pull with the bytes as stored. Big-endian throughout.
 *
 * <pre>
 * off size field
 *   0  4   TOTALSIZE        whole record
 *   4  4   MAGICCODE        0xDAA320A7 (V1, 1-byte topic length) or 0xDAA320AB (V2, 2-byte)
 *   8  4   BODYCRC          CRC32(body) &amp; 0x7FFFFFFF, as RocketMQ clients check it
 *  12  4   QUEUEID
 *  16  4   FLAG
 *  20  8   QUEUEOFFSET      index of the record in its consume queue
 *  28  8   PHYSICALOFFSET   commit-log position of this record (checked on every read)
 *  36  4   SYSFLAG          0x10 born host IPv6, 0x20 store host IPv6, 0x10000000 unit continues
 *  40  8   BORNTIMESTAMP
 *  48  8|20 BORNHOST        address + int32 port
 *   .  8   STORETIMESTAMP
 *   .  8|20 STOREHOST
 *   .  4   RECONSUMETIMES
 *   .  8   PREPAREDTRANSACTIONOFFSET
 *   .  4   BODYLENGTH, then BODY
 *   .  1|2 TOPICLENGTH, then TOPIC (UTF-8)
 *   .  2   PROPERTIESLENGTH, then PROPERTIES ending in  __CRC32# \u0001 dddddddddd
 * </pre>
 *
 * <p>The layout protects only the body, so the store appends one property, {@code __CRC32#} (the
 * name RocketMQ uses for the same purpose), whose value is ten decimal digits of the CRC32C of every
 * byte of the record before those digits. Together with the size bounds, the magic and the
 * PHYSICALOFFSET check this detects torn, corrupt and misdirected records. A blank record ({@link
 * #BLANK_MAGIC}, 8 bytes: size then magic) marks the unused end of a segment.
 *
 * <p>Records appended by one request form a <em>unit</em> (a batch, a transaction commit): every
 * record of a unit except the last has SYSFLAG bit {@link #SYSFLAG_UNIT_CONTINUES} set. Only the
 * writer sets it, from the record's place in its request, so a copy of a stored record never
 * inherits it. Recovery drops a unit whose last record is missing, and the dispatcher publishes a
 * unit only once it has indexed its last record, so readers see a whole unit or none of it. The bit
 * lies outside every bit RocketMQ defines (REMOTING.md 3.2), so clients ignore it.
 *
 * <p>Thread-safe (stateless).
 */
public final class RecordCodec {

    /** Magic of a record whose topic length is one byte. */
    public static final int MAGIC_V1 = 0xDAA320A7;
    /** Magic of a record whose topic length is two bytes (topics over 127 bytes). */
    public static final int MAGIC_V2 = 0xDAA320AB;
    /** Magic of the end-of-segment marker; never sent to clients. */
    public static final int BLANK_MAGIC = 0xCBD43194;
    /** Size of the end-of-segment marker. */
    public static final int BLANK_SIZE = 8;
    /** Name of the property that carries the record CRC. */
    public static final String CRC_PROPERTY = "__CRC32#";

    /** SYSFLAG bit of every record of a multi-record unit except its last. */
    public static final int SYSFLAG_UNIT_CONTINUES = 0x1000_0000;

    static final int SYSFLAG_BORN_HOST_V6 = 0x10;
    static final int SYSFLAG_STORE_HOST_V6 = 0x20;
    static final int CRC_DIGITS = 10;
    static final int OFFSET_TOTAL_SIZE = 0;
    static final int OFFSET_MAGIC = 4;
    static final int OFFSET_BODY_CRC = 8;
    static final int OFFSET_QUEUE_ID = 12;
    static final int OFFSET_QUEUE_OFFSET = 20;
    /** Where PHYSICALOFFSET sits in every record. */
    public static final int OFFSET_PHYSICAL_OFFSET = 28;

    static final int OFFSET_SYS_FLAG = 36;
    static final int OFFSET_BORN_TIMESTAMP = 40;
    static final int OFFSET_BORN_HOST = 48;
    /** Bytes of a record with IPv4 hosts before the body: fixed header up to and including BODYLENGTH. */
    static final int HEADER_SIZE_IPV4 = 88;

    private static final byte[] CRC_TRAILER =
            (CRC_PROPERTY + MessageProperties.NAME_VALUE_SEPARATOR).getBytes(StandardCharsets.UTF_8);
    private static final int MAX_PROPERTIES_BYTES = Short.MAX_VALUE;
    private static final int MAX_TOPIC_BYTES = Short.MAX_VALUE;
    private static final int MAX_TOPIC_BYTES_V1 = 127;

    /** A record prefix this long always includes STORETIMESTAMP (born host IPv6 at worst). */
    public static final int TIMESTAMP_PREFIX_BYTES = OFFSET_BORN_HOST + 20 + 8;

    /** The smallest valid record: empty body, one-byte topic, only the CRC property. */
    public static final int MIN_RECORD_SIZE = HEADER_SIZE_IPV4 + 1 + 1 + 2 + CRC_TRAILER.length + CRC_DIGITS;

    private RecordCodec() {}

    /**
     * Validates {@code draft} against the limits and encodes everything that does not depend on
     * its place in the log, so the single writer thread only copies bytes and computes one CRC.
     *
     * @throws RecordTooLargeException if the body, topic or properties exceed their limits
     */
    public static PreparedRecord prepare(MessageDraft draft, HostAddress storeHost, int maxBodyBytes) {
        byte[] body = draft.body();
        if (body.length > maxBodyBytes) {
            throw new RecordTooLargeException("message body of topic " + draft.topic(), body.length, maxBodyBytes);
        }
        byte[] topic = draft.topic().getBytes(StandardCharsets.UTF_8);
        if (topic.length > MAX_TOPIC_BYTES) {
            throw new RecordTooLargeException("topic name", topic.length, MAX_TOPIC_BYTES);
        }
        byte[] properties = propertiesWithCrcTrailer(draft.properties());
        if (properties.length + CRC_DIGITS > MAX_PROPERTIES_BYTES) {
            throw new RecordTooLargeException(
                    "properties of a message to " + draft.topic(),
                    properties.length + CRC_DIGITS,
                    MAX_PROPERTIES_BYTES);
        }
        int sysFlag = draft.sysFlag() & ~(SYSFLAG_BORN_HOST_V6 | SYSFLAG_STORE_HOST_V6 | SYSFLAG_UNIT_CONTINUES);
        if (draft.bornHost().isIpv6()) {
            sysFlag |= SYSFLAG_BORN_HOST_V6;
        }
        if (storeHost.isIpv6()) {
            sysFlag |= SYSFLAG_STORE_HOST_V6;
        }
        CRC32 bodyCrc = new CRC32();
        bodyCrc.update(body);
        int topicLengthBytes = topic.length > MAX_TOPIC_BYTES_V1 ? 2 : 1;
        int size = HEADER_SIZE_IPV4
                - 16
                + draft.bornHost().encodedLength()
                + storeHost.encodedLength()
                + body.length
                + topicLengthBytes
                + topic.length
                + 2
                + properties.length
                + CRC_DIGITS;
        return new PreparedRecord(
                draft, sysFlag, (int) (bodyCrc.getValue() & 0x7FFFFFFF), topic, properties, storeHost, size);
    }

    private static byte[] propertiesWithCrcTrailer(String properties) {
        byte[] user = properties.getBytes(StandardCharsets.UTF_8);
        boolean needsSeparator = user.length > 0 && user[user.length - 1] != MessageProperties.PROPERTY_SEPARATOR;
        byte[] all = new byte[user.length + (needsSeparator ? 1 : 0) + CRC_TRAILER.length];
        System.arraycopy(user, 0, all, 0, user.length);
        if (needsSeparator) {
            all[user.length] = MessageProperties.PROPERTY_SEPARATOR;
        }
        System.arraycopy(CRC_TRAILER, 0, all, all.length - CRC_TRAILER.length, CRC_TRAILER.length);
        return all;
    }

    /**
     * Writes {@code record}, the last (or only) record of its unit, at {@code out}'s position, which
     * advances by {@link PreparedRecord#size()}.
     */
    public static void encode(
            PreparedRecord record, long queueOffset, long logPosition, long storeTimestampMs, ByteBuffer out) {
        encode(record, new Placement(queueOffset, logPosition, storeTimestampMs, false), out);
    }

    /**
     * Where the writer puts a record.
     *
     * @param queueOffset the record's offset in its queue
     * @param logPosition the record's commit-log position
     * @param storeTimestampMs the store time
     * @param unitContinues whether more records of the same unit follow this one
     */
    public record Placement(long queueOffset, long logPosition, long storeTimestampMs, boolean unitContinues) {}

    /** Writes {@code record} at {@code placement}, at {@code out}'s position, which advances by its size. */
    public static void encode(PreparedRecord record, Placement placement, ByteBuffer out) {
        long queueOffset = placement.queueOffset();
        long logPosition = placement.logPosition();
        long storeTimestampMs = placement.storeTimestampMs();
        int start = out.position();
        MessageDraft draft = record.draft();
        out.putInt(record.size());
        out.putInt(record.topic().length > MAX_TOPIC_BYTES_V1 ? MAGIC_V2 : MAGIC_V1);
        out.putInt(record.bodyCrc());
        out.putInt(draft.queueId());
        out.putInt(draft.flag());
        out.putLong(queueOffset);
        out.putLong(logPosition);
        out.putInt(placement.unitContinues() ? record.sysFlag() | SYSFLAG_UNIT_CONTINUES : record.sysFlag());
        out.putLong(draft.bornTimestampMs());
        draft.bornHost().writeTo(out);
        out.putLong(storeTimestampMs);
        record.storeHost().writeTo(out);
        out.putInt(draft.reconsumeTimes());
        out.putLong(draft.preparedTransactionOffset());
        out.putInt(draft.body().length);
        out.put(draft.body());
        if (record.topic().length > MAX_TOPIC_BYTES_V1) {
            out.putShort((short) record.topic().length);
        } else {
            out.put((byte) record.topic().length);
        }
        out.put(record.topic());
        out.putShort((short) (record.properties().length + CRC_DIGITS));
        out.put(record.properties());
        writeDigits(recordCrc(out, start, out.position()), out);
    }

    private static long recordCrc(ByteBuffer buffer, int from, int to) {
        CRC32C crc = new CRC32C();
        ByteBuffer view = buffer.duplicate();
        view.limit(to).position(from);
        crc.update(view);
        return crc.getValue();
    }

    private static void writeDigits(long value, ByteBuffer out) {
        int end = out.position() + CRC_DIGITS;
        long rest = value;
        for (int i = end - 1; i >= end - CRC_DIGITS; i--) {
            out.put(i, (byte) ('0' + rest % 10));
            rest /= 10;
        }
        out.position(end);
    }

    /** Writes the end-of-segment marker covering {@code remainingBytes}. */
    public static void encodeBlank(int remainingBytes, ByteBuffer out) {
        out.putInt(remainingBytes);
        out.putInt(BLANK_MAGIC);
    }

    /**
     * Validates the record of {@code size} bytes at {@code buffer}'s position (which does not move).
     *
     * @param expectedLogPosition where the record was read from; must equal its PHYSICALOFFSET
     * @param file the file name for error messages
     * @param filePosition the byte position in {@code file}, for error messages
     * @throws CorruptRecordException naming the file, position and the failed check
     */
    public static void check(ByteBuffer buffer, long expectedLogPosition, String file, long filePosition) {
        int start = buffer.position();
        int size = buffer.getInt(start + OFFSET_TOTAL_SIZE);
        if (size < MIN_RECORD_SIZE || size > buffer.remaining()) {
            throw new CorruptRecordException(file, filePosition, "record size " + size + " out of bounds");
        }
        int magic = buffer.getInt(start + OFFSET_MAGIC);
        if (magic != MAGIC_V1 && magic != MAGIC_V2) {
            throw new CorruptRecordException(file, filePosition, "bad magic 0x" + Integer.toHexString(magic));
        }
        long physical = buffer.getLong(start + OFFSET_PHYSICAL_OFFSET);
        if (physical != expectedLogPosition) {
            throw new CorruptRecordException(
                    file, filePosition, "record says position " + physical + ", read at " + expectedLogPosition);
        }
        int end = start + size;
        long stored = parseDigits(buffer, end - CRC_DIGITS);
        if (stored < 0 || stored != recordCrc(buffer, start, end - CRC_DIGITS)) {
            throw new CorruptRecordException(file, filePosition, "record CRC mismatch");
        }
        StoredRecord view =
                new StoredRecord(buffer.duplicate().position(start).limit(end).slice());
        if (!view.layoutConsistent()) {
            throw new CorruptRecordException(file, filePosition, "field lengths do not add up to " + size);
        }
        CRC32 bodyCrc = new CRC32();
        bodyCrc.update(view.body());
        if ((int) (bodyCrc.getValue() & 0x7FFFFFFF) != buffer.getInt(start + OFFSET_BODY_CRC)) {
            throw new CorruptRecordException(file, filePosition, "body CRC mismatch");
        }
    }

    private static long parseDigits(ByteBuffer buffer, int from) {
        long value = 0;
        for (int i = from; i < from + CRC_DIGITS; i++) {
            int digit = buffer.get(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
