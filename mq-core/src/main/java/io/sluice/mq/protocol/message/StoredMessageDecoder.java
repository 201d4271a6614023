package io.sluice.mq.protocol.message;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.protocol.ProtocolException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the concatenated stored-message records of a pull, query, view or check body
 * (REMOTING.md 3.1). Accepts magic V1 (1-byte topic length) and V2 (2-byte topic length). Every
 * length is checked against the record; a bad record raises {@link ProtocolException} naming its
 * byte offset in the body. Thread-safe (stateless).
 */
public final class StoredMessageDecoder {

    /** Magic of records with a 1-byte topic length. */
    public static final int MAGIC_V1 = 0xDAA320A7;
    /** Magic of records with a 2-byte topic length. */
    public static final int MAGIC_V2 = 0xDAA320AB;

    private StoredMessageDecoder() {}

    /** Every record in {@code body}, in order. */
    public static List<WireMessage> decodeAll(ByteBuffer body) {
        ByteBuffer in = body.duplicate();
        List<WireMessage> messages = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            if (in.remaining() < 4) {
                throw new ProtocolException("trailing " + in.remaining() + " bytes at body offset " + start);
            }
            int totalSize = in.getInt(start);
            if (totalSize < 4 || totalSize > in.remaining()) {
                throw new ProtocolException("record size " + totalSize + " at body offset " + start + " exceeds the "
                        + in.remaining() + " bytes left");
            }
            ByteBuffer record = in.slice(start, totalSize);
            messages.add(decodeOne(record, start));
            in.position(start + totalSize);
        }
        return messages;
    }

    private static WireMessage decodeOne(ByteBuffer record, int bodyOffset) {
        try {
            record.getInt(); // total size, already checked
            int magic = record.getInt();
            if (magic != MAGIC_V1 && magic != MAGIC_V2) {
                throw new ProtocolException(
                        "bad magic 0x" + Integer.toHexString(magic) + " in record at body offset " + bodyOffset);
            }
            record.getInt(); // body CRC; checked by the store, not by readers
            int queueId = record.getInt();
            int flag = record.getInt();
            long queueOffset = record.getLong();
            long logPosition = record.getLong();
            int sysFlag = record.getInt();
            long bornTimestamp = record.getLong();
            HostAddress bornHost = readHost(record, (sysFlag & MessageSysFlag.BORNHOST_V6) != 0);
            long storeTimestamp = record.getLong();
            HostAddress storeHost = readHost(record, (sysFlag & MessageSysFlag.STOREHOST_V6) != 0);
            int reconsumeTimes = record.getInt();
            long preparedOffset = record.getLong();
            byte[] body = readBytes(record, record.getInt(), "body", bodyOffset);
            int topicLength = magic == MAGIC_V1 ? record.get() & 0xFF : record.getShort() & 0xFFFF;
            String topic = new String(readBytes(record, topicLength, "topic", bodyOffset), StandardCharsets.UTF_8);
            int propertiesLength = record.getShort();
            String properties =
                    new String(readBytes(record, propertiesLength, "properties", bodyOffset), StandardCharsets.UTF_8);
            return new WireMessage(
                    queueId,
                    flag,
                    queueOffset,
                    logPosition,
                    sysFlag,
                    bornTimestamp,
                    bornHost,
                    storeTimestamp,
                    storeHost,
                    reconsumeTimes,
                    preparedOffset,
                    body,
                    topic,
                    properties);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ProtocolException("truncated record at body offset " + bodyOffset, e);
        }
    }

    private static HostAddress readHost(ByteBuffer record, boolean ipv6) {
        byte[] ip = new byte[ipv6 ? 16 : 4];
        record.get(ip);
        int port = record.getInt();
        return HostAddress.of(ip, port & 0xFFFF);
    }

    private static byte[] readBytes(ByteBuffer record, int length, String what, int bodyOffset) {
        if (length < 0 || length > record.remaining()) {
            throw new ProtocolException(what + " length " + length + " exceeds record at body offset " + bodyOffset);
        }
        byte[] bytes = new byte[length];
        record.get(bytes);
        return bytes;
    }
}
