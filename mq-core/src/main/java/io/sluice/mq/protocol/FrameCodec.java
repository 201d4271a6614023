package io.sluice.mq.protocol;

import java.nio.ByteBuffer;

/**
 * Frames of REMOTING.md 1.2, independent of the transport:
 *
 * <pre>
 * length int32 (= 4 + headerLength + bodyLength) | headerWord int32 (type &lt;&lt; 24 | headerLength) |
 * header | body
 * </pre>
 *
 * {@link #decode} takes a frame whose length prefix the transport already stripped. Every length
 * is checked before use; malformed input raises {@link ProtocolException}, never an unchecked
 * buffer error. Thread-safe (stateless).
 */
public final class FrameCodec {

    /** Default largest frame, as in RocketMQ ({@code com.rocketmq.remoting.frameMaxLength}). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private FrameCodec() {}

    /**
     * Decodes one frame without its length prefix. The body is copied out of {@code frame} so the
     * caller may release the transport buffer.
     */
    public static RemotingCommand decode(ByteBuffer frame) {
        if (frame.remaining() < 4) {
            throw new ProtocolException("frame of " + frame.remaining() + " bytes has no header word");
        }
        int headerWord = frame.getInt();
        int typeCode = (headerWord >>> 24) & 0xFF;
        int headerLength = headerWord & 0x00FFFFFF;
        SerializeType type = SerializeType.ofCode(typeCode);
        if (type == null) {
            throw new ProtocolException("unknown header serialize type " + typeCode);
        }
        if (headerLength > frame.remaining()) {
            throw new ProtocolException(
                    "header length " + headerLength + " exceeds the frame's remaining " + frame.remaining() + " bytes");
        }
        byte[] header = new byte[headerLength];
        frame.get(header);
        RemotingCommand command =
                type == SerializeType.JSON ? JsonHeaderCodec.decode(header) : BinaryHeaderCodec.decode(header);
        if (frame.hasRemaining()) {
            byte[] body = new byte[frame.remaining()];
            frame.get(body);
            command.body(body);
        }
        return command;
    }

    /**
     * The length prefix, header word and header of {@code command} in {@code type}; the transport
     * writes the body parts after it.
     */
    public static ByteBuffer encodeHeader(RemotingCommand command, SerializeType type) {
        if (type == SerializeType.JSON) {
            ByteBuffer out = JsonHeaderCodec.encode(command, 8); // header written after the two words
            int headerLength = out.limit() - 8;
            out.putInt(0, 4 + headerLength + command.bodyLength());
            out.putInt(4, (type.code() << 24) | (headerLength & 0x00FFFFFF));
            return out;
        }
        byte[] header = BinaryHeaderCodec.encode(command);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length);
        out.putInt(4 + header.length + command.bodyLength());
        out.putInt((type.code() << 24) | (header.length & 0x00FFFFFF));
        out.put(header);
        return out.flip();
    }

    /** The whole frame of {@code command}, header in {@code type}, as one buffer (tests, tools). */
    public static ByteBuffer encode(RemotingCommand command, SerializeType type) {
        ByteBuffer header = encodeHeader(command, type);
        ByteBuffer out = ByteBuffer.allocate(header.remaining() + command.bodyLength());
        out.put(header);
        for (ByteBuffer part : command.bodyParts()) {
            out.put(part.duplicate());
        }
        return out.flip();
    }
}
