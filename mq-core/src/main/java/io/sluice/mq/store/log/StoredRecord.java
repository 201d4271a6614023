package io.sluice.mq.store.log;

import io.sluice.mq.common.HostAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A read-only view of one record in the layout documented on {@link RecordCodec}. The buffer's
 * index 0 is the record's first byte and its limit is the record's size. Field offsets after the
 * born host depend on the IPv6 bits of SYSFLAG, so they are computed on access.
 *
 * <p>Not thread-safe: it shares the buffer it was given; each thread makes its own view.
 */
public final class StoredRecord {

    private final ByteBuffer buffer;

    /** Wraps {@code buffer}, which must start at the record's first byte. */
    public StoredRecord(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /** The record's bytes, positioned at 0 and limited to its size; a new view each call. */
    public ByteBuffer bytes() {
        return buffer.duplicate().position(0).limit(size());
    }

    public int size() {
        return buffer.getInt(RecordCodec.OFFSET_TOTAL_SIZE);
    }

    public int queueId() {
        return buffer.getInt(RecordCodec.OFFSET_QUEUE_ID);
    }

    public long queueOffset() {
        return buffer.getLong(RecordCodec.OFFSET_QUEUE_OFFSET);
    }

    /** The record's position in the commit log (RocketMQ's PHYSICALOFFSET). */
    public long logPosition() {
        return buffer.getLong(RecordCodec.OFFSET_PHYSICAL_OFFSET);
    }

    public int sysFlag() {
        return buffer.getInt(RecordCodec.OFFSET_SYS_FLAG);
    }

    /** Whether more records of this record's unit follow it in the log ({@link RecordCodec}). */
    public boolean unitContinues() {
        return (sysFlag() & RecordCodec.SYSFLAG_UNIT_CONTINUES) != 0;
    }

    public long bornTimestampMs() {
        return buffer.getLong(RecordCodec.OFFSET_BORN_TIMESTAMP);
    }

    private int bornHostLength() {
        return (sysFlag() & RecordCodec.SYSFLAG_BORN_HOST_V6) != 0 ? 20 : 8;
    }

    private int storeHostLength() {
        return (sysFlag() & RecordCodec.SYSFLAG_STORE_HOST_V6) != 0 ? 20 : 8;
    }

    private int storeTimestampOffset() {
        return RecordCodec.OFFSET_BORN_HOST + bornHostLength();
    }

    public long storeTimestampMs() {
        return buffer.getLong(storeTimestampOffset());
    }

    /** The broker address stored in the record, part of the RocketMQ offset message id. */
    public HostAddress storeHost() {
        int at = storeTimestampOffset() + 8;
        byte[] ip = new byte[storeHostLength() - 4];
        buffer.get(at, ip);
        return HostAddress.of(ip, buffer.getInt(at + ip.length));
    }

    private int reconsumeTimesOffset() {
        return storeTimestampOffset() + 8 + storeHostLength();
    }

    public int reconsumeTimes() {
        return buffer.getInt(reconsumeTimesOffset());
    }

    public long preparedTransactionOffset() {
        return buffer.getLong(reconsumeTimesOffset() + 4);
    }

    private int bodyLengthOffset() {
        return reconsumeTimesOffset() + 12;
    }

    /** The body as stored (possibly compressed); a view, not a copy. */
    public ByteBuffer body() {
        int at = bodyLengthOffset();
        int length = buffer.getInt(at);
        return buffer.duplicate().position(at + 4).limit(at + 4 + length).slice();
    }

    private int topicLengthOffset() {
        int at = bodyLengthOffset();
        return at + 4 + buffer.getInt(at);
    }

    private boolean twoByteTopicLength() {
        return buffer.getInt(RecordCodec.OFFSET_MAGIC) == RecordCodec.MAGIC_V2;
    }

    private int topicLength() {
        int at = topicLengthOffset();
        return twoByteTopicLength() ? buffer.getShort(at) & 0xFFFF : buffer.get(at) & 0xFF;
    }

    private int topicOffset() {
        return topicLengthOffset() + (twoByteTopicLength() ? 2 : 1);
    }

    public String topic() {
        return decode(topicOffset(), topicLength());
    }

    private int propertiesLengthOffset() {
        return topicOffset() + topicLength();
    }

    /** The properties string, including the store's {@code __CRC32#} entry. */
    public String properties() {
        int at = propertiesLengthOffset();
        return decode(at + 2, buffer.getShort(at) & 0xFFFF);
    }

    /** Whether the variable-length fields add up to exactly the record size. */
    public boolean layoutConsistent() {
        int size = size();
        int bodyAt = bodyLengthOffset();
        if (bodyAt + 4 > size || buffer.getInt(bodyAt) < 0 || topicLengthOffset() + 2 > size) {
            return false;
        }
        int propertiesAt = propertiesLengthOffset();
        return propertiesAt + 2 <= size && propertiesAt + 2 + (buffer.getShort(propertiesAt) & 0xFFFF) == size;
    }

    private String decode(int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
