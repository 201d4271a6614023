package io.sluice.mq.protocol.json;

import java.util.Collection;
import java.util.Map;

/**
 * Writes compact JSON the way the official clients expect it: object keys always quoted (also for
 * numeric map keys, the "standard JSON" of REMOTING.md 2.1), non-ASCII characters and control
 * characters escaped as {@code \}{@code uXXXX}.
 *
 * <p>Accepts the value types {@link Json} produces plus {@link Number}, {@link Boolean}, {@link
 * Enum} (written by name), {@link JsonWritable}, and maps with any key type (keys written with
 * {@code toString()}, except {@link Map} and {@link JsonWritable} keys, which are written as JSON
 * objects the way fastjson writes a map keyed by a bean such as {@code MessageQueue}). Not
 * thread-safe; one writer per document.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder(128);

    /** Writes {@code value} as a JSON document. */
    public static String write(Object value) {
        JsonWriter writer = new JsonWriter();
        writer.value(value);
        return writer.toString();
    }

    /** Appends one value. */
    public JsonWriter value(Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text);
        } else if (value instanceof Boolean || value instanceof Number) {
            out.append(value);
        } else if (value instanceof Enum<?> constant) {
            string(constant.name());
        } else if (value instanceof JsonWritable writable) {
            value(writable.toJson());
        } else if (value instanceof Map<?, ?> map) {
            object(map);
        } else if (value instanceof Collection<?> collection) {
            array(collection);
        } else {
            throw new IllegalArgumentException(
                    "cannot write " + value.getClass().getName() + " as JSON");
        }
        return this;
    }

    private void object(Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getValue() == null) {
                continue; // fastjson omits null-valued keys; so do we
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            Object key = entry.getKey();
            if (key instanceof Map<?, ?> || key instanceof JsonWritable) {
                value(key); // fastjson's form for maps keyed by a bean, e.g. Map<MessageQueue, ...>
            } else {
                string(String.valueOf(key));
            }
            out.append(':');
            value(entry.getValue());
        }
        out.append('}');
    }

    private void array(Collection<?> collection) {
        out.append('[');
        boolean first = true;
        for (Object element : collection) {
            if (!first) {
                out.append(',');
            }
            first = false;
            value(element);
        }
        out.append(']');
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
