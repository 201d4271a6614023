package io.sluice.mq.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary header (serialize type 1, "ROCKETMQ", REMOTING.md 1.4):
 *
 * <pre>
 * code int16 | language int8 | version int16 | opaque int32 | flag int32 |
 * remarkLength int32 | remark UTF-8 | extLength int32 |
 * extLength bytes of: keyLength int16, key UTF-8, valueLength int32, value UTF-8 (repeated)
 * </pre>
 *
 * Lengths are checked against the header before any allocation. Thread-safe (stateless).
 */
final class BinaryHeaderCodec {

    private static final int FIXED_BYTES = 2 + 1 + 2 + 4 + 4 + 4 + 4;

    private BinaryHeaderCodec() {}

    static byte[] encode(RemotingCommand command) {
        byte[] remark = command.remark() == null ? null : command.remark().getBytes(StandardCharsets.UTF_8);
        byte[] ext = encodeExt(command.extFields());
        int remarkLength = remark == null ? 0 : remark.length;
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + remarkLength + ext.length);
        out.putShort((short) command.code());
        out.put(command.language().code());
        out.putShort((short) command.version());
        out.putInt(command.opaque());
        out.putInt(command.flag());
        out.putInt(remarkLength);
        if (remark != null) {
            out.put(remark);
        }
        out.putInt(ext.length);
        out.put(ext);
        return out.array();
    }

    private static byte[] encodeExt(Map<String, String> ext) {
        if (ext == null || ext.isEmpty()) {
            return new byte[0];
        }
        int size = 0;
        Map<byte[], byte[]> encoded = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : ext.entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = entry.getValue().getBytes(StandardCharsets.UTF_8);
            encoded.put(key, value);
            size += 2 + key.length + 4 + value.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        encoded.forEach((key, value) -> {
            out.putShort((short) key.length).put(key).putInt(value.length).put(value);
        });
        return out.array();
    }

    static RemotingCommand decode(byte[] header) {
        ByteBuffer in = ByteBuffer.wrap(header);
        try {
            int code = in.getShort();
            LanguageCode language = LanguageCode.ofCode(in.get());
            int version = in.getShort();
            int opaque = in.getInt();
            int flag = in.getInt();
            String remark = readString(in, in.getInt(), "remark");
            int extLength = in.getInt();
            checkLength(in, extLength, "extFields");
            Map<String, String> ext = null;
            if (extLength > 0) {
                ext = new LinkedHashMap<>();
                ByteBuffer block = in.slice().limit(extLength);
                while (block.hasRemaining()) {
                    String key = readString(block, block.getShort(), "ext key");
                    String value = readString(block, block.getInt(), "ext value of " + key);
                    ext.put(key, value);
                }
            }
            return RemotingCommand.request(code)
                    .language(language)
                    .version(version)
                    .opaque(opaque)
                    .flag(flag)
                    .remark(remark)
                    .extFields(ext)
                    .serializeType(SerializeType.ROCKETMQ);
        } catch (BufferUnderflowException e) {
            throw new ProtocolException("binary remoting header truncated (" + header.length + " bytes)", e);
        }
    }

    private static String readString(ByteBuffer in, int length, String what) {
        if (length == 0) {
            return null;
        }
        checkLength(in, length, what);
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void checkLength(ByteBuffer in, int length, String what) {
        if (length < 0 || length > in.remaining()) {
            throw new ProtocolException("binary remoting header: " + what + " length " + length + " exceeds the "
                    + in.remaining() + " bytes left");
        }
    }
}
