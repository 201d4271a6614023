package io.sluice.mq.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RocketMQ's message properties string: {@code key \u0001 value \u0002 key \u0001 value ...}. The
 * 5.x clients end it with a trailing {@code \u0002}, 4.9.x clients do not; the parser accepts both,
 * skips empty segments and pairs without a {@code \u0001}.
 *
 * <p>Thread-safe (stateless).
 */
public final class MessageProperties {

    /** Separates a key from its value. */
    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    /** Separates one pair from the next. */
    public static final char PROPERTY_SEPARATOR = '\u0002';

    /** Space-separated business keys, indexed for query by key. */
    public static final String KEYS = "KEYS";
    /** The message's tag, hashed into the consume queue for broker-side filtering. */
    public static final String TAGS = "TAGS";
    /** The client-generated unique message id, indexed for query by unique key. */
    public static final String UNIQUE_KEY = "UNIQ_KEY";

    private MessageProperties() {}

    /** Parses {@code text}; an empty or null string gives an empty map. Keeps insertion order. */
    public static Map<String, String> parse(String text) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return properties;
        }
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int split = text.indexOf(NAME_VALUE_SEPARATOR, start);
            if (split >= 0 && split < end) {
                properties.put(text.substring(start, split), text.substring(split + 1, end));
            }
            start = end + 1;
        }
        return properties;
    }

    /** The value of {@code key} in {@code text}, or null; does not build a map. */
    public static String find(String text, String key) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int split = start + key.length();
            if (split < end && text.charAt(split) == NAME_VALUE_SEPARATOR && text.startsWith(key, start)) {
                return text.substring(split + 1, end);
            }
            start = end + 1;
        }
        return null;
    }

    /** Encodes {@code properties} in the 4.9.x form (no trailing separator). */
    public static String encode(Map<String, String> properties) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (text.length() > 0) {
                text.append(PROPERTY_SEPARATOR);
            }
            text.append(entry.getKey()).append(NAME_VALUE_SEPARATOR).append(entry.getValue());
        }
        return text.toString();
    }
}
