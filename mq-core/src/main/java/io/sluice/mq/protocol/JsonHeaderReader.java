package io.sluice.mq.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fast path of {@link JsonHeaderCodec#decode}: one pass over the header's UTF-8 bytes for the
 * shape every client writes ({@code code, extFields, flag, language, opaque, remark,
 * serializeTypeCurrentRPC, version}; integers as plain literals, ext values as strings), building
 * the command without an intermediate text, token map or boxed numbers. ASCII runs become
 * strings without a charset decoder; only runs holding non-ASCII bytes go through UTF-8.
 *
 * <p>Anything outside that shape (an unknown key, a number where a string is usual, a bad escape,
 * malformed JSON) makes {@link #read} return null, and the caller parses the header with the
 * general {@link io.sluice.mq.protocol.json.Json} reader instead, so values and error messages
 * are exactly the general path's. Why a second reader: the general one was 26% of the broker's
 * sampled CPU under the side-by-side benchmark (docs/perf/2026-11-24-side-by-side.md).
 *
 * <p>Not thread-safe; one instance per header, used by one thread.
 */
final class JsonHeaderReader {

    /** Thrown to leave the fast path; no stack trace, one shared instance. */
    private static final class Unusual extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unusual() {
            super("header outside the fast path's shape", null, false, false);
        }
    }

    private static final Unusual UNUSUAL = new Unusual();
    /** Ext maps hold up to ~15 fields (SEND_MESSAGE_V2); this capacity never resizes for them. */
    private static final int EXT_CAPACITY = 32;

    private final byte[] in;
    private final int end;
    private int position;
    private boolean hasCode;
    private int code;
    private int flag;
    private int opaque;
    private int version;
    private String language;
    private String remark;
    private Map<String, String> ext;

    private JsonHeaderReader(byte[] in) {
        this.in = in;
        this.end = in.length;
    }

    /** The command in {@code header}, or null when the general parser must decide. */
    static RemotingCommand read(byte[] header) {
        try {
            return new JsonHeaderReader(header).readCommand();
        } catch (Unusual e) {
            return null;
        }
    }

    private RemotingCommand readCommand() {
        skipWhitespace();
        expect('{');
        skipWhitespace();
        if (peek() == '}') {
            position++;
        } else {
            while (true) {
                skipWhitespace();
                readField();
                skipWhitespace();
                byte next = take();
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw UNUSUAL;
                }
            }
        }
        skipWhitespace();
        if (position != end || !hasCode) {
            throw UNUSUAL;
        }
        return RemotingCommand.request(code)
                .language(LanguageCode.ofName(language))
                .version(version)
                .opaque(opaque)
                .flag(flag)
                .remark(remark)
                .extFields(ext)
                .serializeType(SerializeType.JSON);
    }

    /** Reads {@code "key": value} of the top-level object. */
    private void readField() {
        int keyStart = position + 1;
        int keyLength = plainKeyLength();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        switch (keyLength) {
            case 4 -> {
                if (is(keyStart, "code")) {
                    code = readInt();
                    hasCode = true;
                } else if (is(keyStart, "flag")) {
                    flag = readInt();
                } else {
                    throw UNUSUAL;
                }
            }
            case 6 -> {
                if (is(keyStart, "opaque")) {
                    opaque = readInt();
                } else if (is(keyStart, "remark")) {
                    remark = readNullableString();
                } else {
                    throw UNUSUAL;
                }
            }
            case 7 -> {
                if (!is(keyStart, "version")) {
                    throw UNUSUAL;
                }
                version = readInt();
            }
            case 8 -> {
                if (!is(keyStart, "language")) {
                    throw UNUSUAL;
                }
                language = readNullableString();
            }
            case 9 -> {
                if (!is(keyStart, "extFields")) {
                    throw UNUSUAL;
                }
                ext = readExtFields();
            }
            case 23 -> {
                if (!is(keyStart, "serializeTypeCurrentRPC")) {
                    throw UNUSUAL;
                }
                readNullableString(); // the frame's type word already says it
            }
            default -> throw UNUSUAL;
        }
    }

    private Map<String, String> readExtFields() {
        if (peek() == 'n') {
            readNull();
            return null;
        }
        expect('{');
        Map<String, String> fields = new LinkedHashMap<>(EXT_CAPACITY);
        skipWhitespace();
        if (peek() == '}') {
            position++;
            return fields;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw UNUSUAL;
            }
            String key = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            String value = readNullableString();
            if (value != null) {
                fields.put(key, value);
            }
            skipWhitespace();
            byte next = take();
            if (next == '}') {
                return fields;
            }
            if (next != ',') {
                throw UNUSUAL;
            }
        }
    }

    /** The length of a quoted key without escapes or non-ASCII bytes; leaves the position after it. */
    private int plainKeyLength() {
        expect('"');
        int start = position;
        while (position < end) {
            byte b = in[position];
            if (b == '"') {
                position++;
                return position - 1 - start;
            }
            if (b == '\\' || b < 0) {
                throw UNUSUAL;
            }
            position++;
        }
        throw UNUSUAL;
    }

    private boolean is(int start, String key) {
        for (int i = 0; i < key.length(); i++) {
            if (in[start + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A plain integer literal that fits an int, as the general parser would read it. */
    private int readInt() {
        boolean negative = peek() == '-';
        if (negative) {
            position++;
        }
        int start = position;
        long value = 0;
        while (position < end && in[position] >= '0' && in[position] <= '9') {
            value = value * 10 + (in[position] - '0');
            position++;
            if (position - start > 10) {
                throw UNUSUAL;
            }
        }
        if (position == start || (position < end && isNumberContinuation(in[position]))) {
            throw UNUSUAL;
        }
        long signed = negative ? -value : value;
        if (signed < Integer.MIN_VALUE || signed > Integer.MAX_VALUE) {
            throw UNUSUAL;
        }
        return (int) signed;
    }

    private static boolean isNumberContinuation(byte b) {
        return b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-';
    }

    private String readNullableString() {
        if (peek() == 'n') {
            readNull();
            return null;
        }
        if (peek() != '"') {
            throw UNUSUAL;
        }
        return readString();
    }

    private void readNull() {
        if (position + 4 > end || in[position + 1] != 'u' || in[position + 2] != 'l' || in[position + 3] != 'l') {
            throw UNUSUAL;
        }
        position += 4;
    }

    /** A quoted string; ASCII without escapes is the common case and takes no decoder. */
    private String readString() {
        position++;
        int start = position;
        while (position < end) {
            byte b = in[position];
            if (b == '"') {
                position++;
                return new String(in, start, position - 1 - start, StandardCharsets.ISO_8859_1);
            }
            if (b == '\\' || b < 0) {
                position = start;
                return readEscapedString();
            }
            position++;
        }
        throw UNUSUAL;
    }

    /** A string with escapes or non-ASCII bytes, from just after its opening quote. */
    private String readEscapedString() {
        char[] out = new char[16];
        int length = 0;
        while (true) {
            if (position >= end) {
                throw UNUSUAL;
            }
            byte b = in[position];
            if (b == '"') {
                position++;
                return new String(out, 0, length);
            }
            if (out.length - length < 2) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            if (b == '\\') {
                position++;
                out[length++] = readEscape();
            } else if (b >= 0) {
                out[length++] = (char) b;
                position++;
            } else {
                String run = readNonAsciiRun();
                if (out.length - length < run.length()) {
                    out = Arrays.copyOf(out, Math.max(out.length * 2, length + run.length()));
                }
                run.getChars(0, run.length(), out, length);
                length += run.length();
            }
        }
    }

    /** Decodes the run of non-ASCII bytes at the position; ASCII bytes always end a UTF-8 sequence. */
    private String readNonAsciiRun() {
        int start = position;
        while (position < end && in[position] < 0) {
            position++;
        }
        return new String(in, start, position - start, StandardCharsets.UTF_8);
    }

    private char readEscape() {
        byte c = take();
        switch (c) {
            case '"', '\\', '/' -> {
                return (char) c;
            }
            case 'b' -> {
                return '\b';
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'u' -> {
                if (position + 4 > end) {
                    throw UNUSUAL;
                }
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    value = value << 4 | hex(in[position++]);
                }
                return (char) value;
            }
            default -> throw UNUSUAL;
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        throw UNUSUAL;
    }

    private void skipWhitespace() {
        while (position < end) {
            byte b = in[position];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            position++;
        }
    }

    private byte peek() {
        if (position >= end) {
            throw UNUSUAL;
        }
        return in[position];
    }

    private byte take() {
        byte b = peek();
        position++;
        return b;
    }

    private void expect(char expected) {
        if (take() != expected) {
            throw UNUSUAL;
        }
    }
}
