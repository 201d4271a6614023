package io.sluice.mq.protocol.json;

import io.sluice.mq.protocol.ProtocolException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the bodies and headers of the RocketMQ remoting protocol. Values map to
 * {@link Map} (insertion-ordered), {@link List}, {@link String}, {@link Long} (integers that fit),
 * {@link BigDecimal} (other numbers), {@link Boolean} and {@code null}.
 *
 * <p>Why not a JSON library: mq-core is embedded in Flink, Spark and Storm jobs, each pinning its own
 * Jackson; a parser of our own keeps the client free of that conflict, and the protocol needs one
 * leniency no strict parser offers: fastjson writes maps with {@code Long} keys unquoted ({@code
 * {0:"127.0.0.1:10911"}}, REMOTING.md 2.1), so bare keys made of letters, digits, {@code _ - .} are
 * accepted, and so are object keys (fastjson writes {@code Map<MessageQueue, ?>} as {@code
 * {{"brokerName":..}:..}}), returned as their compact JSON text. Nesting is limited to {@value #MAX_DEPTH} levels so hostile input cannot overflow the
 * stack.
 *
 * <p>Thread-safe (stateless).
 */
public final class Json {

    /** Deepest nesting accepted. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int position;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value that must make up the whole text (surrounding whitespace allowed).
     *
     * @throws ProtocolException naming the character position of the first error
     */
    public static Object parse(String text) {
        Json parser = new Json(text);
        parser.skipWhitespace();
        Object value = parser.readValue(0);
        parser.skipWhitespace();
        if (parser.position != text.length()) {
            throw parser.error("unexpected trailing characters");
        }
        return value;
    }

    /** Parses {@code text} and requires a JSON object at the top. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new ProtocolException("expected a JSON object but found " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    private Object readValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        if (position >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(position);
        switch (c) {
            case '{':
                return readObject(depth);
            case '[':
                return readArray(depth);
            case '"':
                return readString();
            case 't':
                return readLiteral("true", Boolean.TRUE);
            case 'f':
                return readLiteral("false", Boolean.FALSE);
            case 'n':
                return readLiteral("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> readObject(int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        position++;
        skipWhitespace();
        if (peek() == '}') {
            position++;
            return object;
        }
        while (true) {
            skipWhitespace();
            String key = readKey(depth);
            skipWhitespace();
            expect(':');
            skipWhitespace();
            object.put(key, readValue(depth + 1));
            skipWhitespace();
            char next = next();
            if (next == '}') {
                return object;
            }
            if (next != ',') {
                throw error("expected ',' or '}' in object");
            }
        }
    }

    private List<Object> readArray(int depth) {
        List<Object> array = new ArrayList<>();
        position++;
        skipWhitespace();
        if (peek() == ']') {
            position++;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(readValue(depth + 1));
            skipWhitespace();
            char next = next();
            if (next == ']') {
                return array;
            }
            if (next != ',') {
                throw error("expected ',' or ']' in array");
            }
        }
    }

    /**
     * A quoted key, a bare key, or an object key ({@code {"topic":..}:value}, fastjson's form for
     * maps keyed by a bean), returned as the object's compact JSON text for the caller to parse.
     */
    private String readKey(int depth) {
        char c = peek();
        if (c == '"') {
            return readString();
        }
        if (c == '{') {
            if (depth + 1 > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            return JsonWriter.write(readObject(depth + 1));
        }
        return readBareKey();
    }

    private String readBareKey() {
        int start = position;
        while (position < text.length() && isBareKeyChar(text.charAt(position))) {
            position++;
        }
        if (start == position) {
            throw error("expected an object key");
        }
        return text.substring(start, position);
    }

    private static boolean isBareKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '$';
    }

    private String readString() {
        position++;
        StringBuilder out = null;
        int start = position;
        while (true) {
            if (position >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(position);
            if (c == '"') {
                String value = out == null
                        ? text.substring(start, position)
                        : out.append(text, start, position).toString();
                position++;
                return value;
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, start, position);
                position++;
                out.append(readEscape());
                start = position;
            } else {
                position++;
            }
        }
    }

    private char readEscape() {
        char c = next();
        switch (c) {
            case '"':
            case '\\':
            case '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (position + 4 > text.length()) {
                    throw error("truncated \\u escape");
                }
                try {
                    char decoded = (char) Integer.parseInt(text.substring(position, position + 4), 16);
                    position += 4;
                    return decoded;
                } catch (NumberFormatException e) {
                    throw error("bad \\u escape");
                }
            default:
                throw error("bad escape '\\" + c + "'");
        }
    }

    private Object readNumber() {
        int start = position;
        boolean integral = true;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '.' || c == 'e' || c == 'E' || c == '+') {
                integral = false;
            } else if (!(c == '-' || (c >= '0' && c <= '9'))) {
                break;
            }
            position++;
        }
        String literal = text.substring(start, position);
        try {
            if (integral && literal.length() < 19) {
                return Long.parseLong(literal);
            }
            BigDecimal decimal = new BigDecimal(literal);
            if (integral
                    && decimal.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                    && decimal.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
                return decimal.longValueExact();
            }
            return decimal;
        } catch (NumberFormatException | ArithmeticException e) {
            position = start;
            throw error("bad number '" + literal + "'");
        }
    }

    private Object readLiteral(String literal, Object value) {
        if (!text.startsWith(literal, position)) {
            throw error("unexpected token");
        }
        position += literal.length();
        return value;
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            position++;
        }
    }

    private char peek() {
        if (position >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(position);
    }

    private char next() {
        char c = peek();
        position++;
        return c;
    }

    private void expect(char expected) {
        if (next() != expected) {
            position--;
            throw error("expected '" + expected + "'");
        }
    }

    private ProtocolException error(String reason) {
        return new ProtocolException("invalid JSON at character " + position + ": " + reason);
    }

    static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
