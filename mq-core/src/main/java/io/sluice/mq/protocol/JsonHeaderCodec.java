package io.sluice.mq.protocol;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON header (serialize type 0, REMOTING.md 1.3): keys {@code code, extFields, flag, language,
 * opaque, remark, serializeTypeCurrentRPC, version}, null values omitted, ext values written as
 * strings. Both directions run once per frame on the hot path: the encoder writes ASCII bytes
 * directly, and the decoder reads the usual shape in one pass ({@link JsonHeaderReader}), falling
 * back to {@link Json} (which ignores unknown keys) for anything else. Thread-safe (stateless).
 */
final class JsonHeaderCodec {

    private JsonHeaderCodec() {}

    /**
     * Writes the header as ASCII bytes after {@code reserved} leading bytes of a new array (where
     * the frame codec puts the length and header words), straight into bytes: no text builder, no
     * charset encoder.
     *
     * @return the array wrapped from 0 to the header's end
     */
    static ByteBuffer encode(RemotingCommand command, int reserved) {
        Ascii out = new Ascii(reserved + 160 + extBytesEstimate(command.extFields()));
        out.length = reserved;
        out.raw("{\"code\":").number(command.code());
        Map<String, String> ext = command.extFields();
        if (ext != null) {
            out.raw(",\"extFields\":{");
            boolean first = true;
            for (Map.Entry<String, String> entry : ext.entrySet()) {
                if (entry.getValue() == null) {
                    continue;
                }
                if (!first) {
                    out.raw(",");
                }
                first = false;
                out.string(entry.getKey()).raw(":").string(entry.getValue());
            }
            out.raw("}");
        }
        out.raw(",\"flag\":").number(command.flag());
        out.raw(",\"language\":\"").raw(command.language().name()).raw("\"");
        out.raw(",\"opaque\":").number(command.opaque());
        if (command.remark() != null) {
            out.raw(",\"remark\":").string(command.remark());
        }
        out.raw(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":")
                .number(command.version())
                .raw("}");
        return ByteBuffer.wrap(out.bytes, 0, out.length);
    }

    /** The header alone, as an exact array (tests and tools). */
    static byte[] encode(RemotingCommand command) {
        ByteBuffer encoded = encode(command, 0);
        return Arrays.copyOf(encoded.array(), encoded.limit());
    }

    private static int extBytesEstimate(Map<String, String> ext) {
        if (ext == null) {
            return 0;
        }
        int bytes = 0;
        for (Map.Entry<String, String> entry : ext.entrySet()) {
            String value = entry.getValue();
            bytes += entry.getKey().length() + (value == null ? 0 : value.length()) + 6;
        }
        return bytes;
    }

    /** A growable ASCII byte buffer for one header. Not thread-safe. */
    private static final class Ascii {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        private byte[] bytes;
        private int length;

        Ascii(int capacity) {
            this.bytes = new byte[capacity];
        }

        private void ensure(int more) {
            if (bytes.length - length < more) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        /** Appends text known to be printable ASCII that needs no escaping. */
        Ascii raw(String text) {
            int n = text.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[length++] = (byte) text.charAt(i);
            }
            return this;
        }

        Ascii number(long value) {
            ensure(20);
            if (value < 0) {
                bytes[length++] = '-';
                if (value == Long.MIN_VALUE) {
                    return raw("9223372036854775808");
                }
                value = -value;
            }
            int digits = 1;
            for (long rest = value / 10; rest > 0; rest /= 10) {
                digits++;
            }
            for (int i = length + digits - 1; i >= length; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length += digits;
            return this;
        }

        /**
         * A quoted string: quote and backslash escaped with a backslash, control and non-ASCII
         * characters (which include the \u0001 and \u0002 of message properties) as {@code \\u}
         * and four lower-case hex digits, so the header is pure ASCII.
         */
        Ascii string(String text) {
            int n = text.length();
            ensure(n + 2);
            bytes[length++] = '"';
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    ensure(2 + n - i);
                    bytes[length++] = '\\';
                    bytes[length++] = (byte) c;
                } else if (c < 0x20 || c > 0x7E) {
                    ensure(6 + n - i);
                    bytes[length++] = '\\';
                    bytes[length++] = 'u';
                    bytes[length++] = HEX[(c >> 12) & 0xF];
                    bytes[length++] = HEX[(c >> 8) & 0xF];
                    bytes[length++] = HEX[(c >> 4) & 0xF];
                    bytes[length++] = HEX[c & 0xF];
                } else {
                    bytes[length++] = (byte) c;
                }
            }
            ensure(1);
            bytes[length++] = '"';
            return this;
        }
    }

    static RemotingCommand decode(byte[] header) {
        RemotingCommand fast = JsonHeaderReader.read(header);
        return fast != null ? fast : decodeGeneral(header);
    }

    /** Through the general JSON reader: every shape it accepts, and its error messages. */
    static RemotingCommand decodeGeneral(byte[] header) {
        Map<String, Object> json = Json.parseObject(new String(header, StandardCharsets.UTF_8));
        Map<String, String> ext = null;
        if (json.get("extFields") != null) {
            Map<String, Object> raw = JsonFields.object(json, "extFields");
            ext = new LinkedHashMap<>(raw.size() * 2);
            for (Map.Entry<String, Object> entry : raw.entrySet()) {
                if (entry.getValue() != null) {
                    ext.put(entry.getKey(), entry.getValue().toString());
                }
            }
        }
        if (!json.containsKey("code")) {
            throw new ProtocolException("remoting header has no 'code'");
        }
        return RemotingCommand.request(JsonFields.intValue(json, "code", 0))
                .language(LanguageCode.ofName(JsonFields.string(json, "language", null)))
                .version(JsonFields.intValue(json, "version", 0))
                .opaque(JsonFields.intValue(json, "opaque", 0))
                .flag(JsonFields.intValue(json, "flag", 0))
                .remark(JsonFields.string(json, "remark", null))
                .extFields(ext)
                .serializeType(SerializeType.JSON);
    }
}
