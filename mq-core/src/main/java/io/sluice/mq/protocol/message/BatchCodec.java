package io.sluice.mq.protocol.message;

import io.sluice.mq.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of SEND_BATCH_MESSAGE (REMOTING.md 2.3): per message
 *
 * <pre>
 * totalSize int32 | magic int32 (0) | bodyCrc int32 (0) | flag int32 | bodyLength int32 | body |
 * propertiesLength int16 | properties UTF-8
 * </pre>
 *
 * Thread-safe (stateless).
 */
public final class BatchCodec {

    private static final int FIXED_BYTES = 4 * 5 + 2;

    private BatchCodec() {}

    /** One message of a batch. */
    public record Entry(int flag, byte[] body, String properties) {}

    /** Encodes {@code entries}. */
    public static byte[] encode(List<Entry> entries) {
        List<byte[]> encodedProperties = new ArrayList<>(entries.size());
        int size = 0;
        for (Entry entry : entries) {
            byte[] properties = entry.properties() == null
                    ? new byte[0]
                    : entry.properties().getBytes(StandardCharsets.UTF_8);
            if (properties.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "properties of " + properties.length + " bytes exceed " + Short.MAX_VALUE);
            }
            encodedProperties.add(properties);
            size += FIXED_BYTES + entry.body().length + properties.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            byte[] properties = encodedProperties.get(i);
            out.putInt(FIXED_BYTES + entry.body().length + properties.length);
            out.putInt(0);
            out.putInt(0);
            out.putInt(entry.flag());
            out.putInt(entry.body().length);
            out.put(entry.body());
            out.putShort((short) properties.length);
            out.put(properties);
        }
        return out.array();
    }

    /** Decodes a batch body; a malformed entry raises {@link ProtocolException} naming its offset. */
    public static List<Entry> decode(ByteBuffer body) {
        ByteBuffer in = body.duplicate();
        List<Entry> entries = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            if (in.remaining() < FIXED_BYTES) {
                throw new ProtocolException("batch entry at offset " + start + " truncated");
            }
            int totalSize = in.getInt();
            if (totalSize < FIXED_BYTES || totalSize - 4 > in.remaining()) {
                throw new ProtocolException("batch entry at offset " + start + " has bad size " + totalSize);
            }
            in.getInt();
            in.getInt();
            int flag = in.getInt();
            int bodyLength = in.getInt();
            if (bodyLength < 0 || bodyLength + 2 > in.remaining() || FIXED_BYTES + bodyLength > totalSize) {
                throw new ProtocolException("batch entry at offset " + start + " has bad body length " + bodyLength);
            }
            byte[] messageBody = new byte[bodyLength];
            in.get(messageBody);
            int propertiesLength = in.getShort();
            if (propertiesLength < 0 || FIXED_BYTES + bodyLength + propertiesLength != totalSize) {
                throw new ProtocolException(
                        "batch entry at offset " + start + " has bad properties length " + propertiesLength);
            }
            byte[] properties = new byte[propertiesLength];
            in.get(properties);
            entries.add(new Entry(flag, messageBody, new String(properties, StandardCharsets.UTF_8)));
        }
        return entries;
    }
}
