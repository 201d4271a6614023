package io.sluice.mq.protocol.json;

import io.sluice.mq.protocol.ProtocolException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of fields from a parsed JSON object, with errors that name the field. Numbers are
 * accepted as JSON numbers or numeric strings, booleans as JSON booleans or "true"/"false", because
 * fastjson writes some fields either way. Thread-safe (stateless).
 */
public final class JsonFields {

    private JsonFields() {}

    /** The string at {@code key}, or {@code fallback} when absent or null. */
    public static String string(Map<String, Object> object, String key, String fallback) {
        Object value = object.get(key);
        return value == null ? fallback : value.toString();
    }

    /** The string at {@code key}; absent is an error. */
    public static String requireString(Map<String, Object> object, String key) {
        Object value = object.get(key);
        if (value == null) {
            throw new ProtocolException("JSON field '" + key + "' is missing");
        }
        return value.toString();
    }

    /** The integer at {@code key}, or {@code fallback}. */
    public static long longValue(Map<String, Object> object, String key, long fallback) {
        Object value = object.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.longValue();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new ProtocolException("JSON field '" + key + "' is not an integer: " + value);
        }
    }

    /** The int at {@code key}, or {@code fallback}. */
    public static int intValue(Map<String, Object> object, String key, int fallback) {
        long value = longValue(object, key, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ProtocolException("JSON field '" + key + "' is out of int range: " + value);
        }
        return (int) value;
    }

    /** The boolean at {@code key}, or {@code fallback}. */
    public static boolean booleanValue(Map<String, Object> object, String key, boolean fallback) {
        Object value = object.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        return "true".equalsIgnoreCase(value.toString());
    }

    /** The object at {@code key}, or an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> object, String key) {
        Object value = object.get(key);
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map)) {
            throw new ProtocolException("JSON field '" + key + "' is not an object but " + Json.describe(value));
        }
        return (Map<String, Object>) value;
    }

    /** The array at {@code key}, or an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Map<String, Object> object, String key) {
        Object value = object.get(key);
        if (value == null) {
            return new ArrayList<>();
        }
        if (!(value instanceof List)) {
            throw new ProtocolException("JSON field '" + key + "' is not an array but " + Json.describe(value));
        }
        return (List<Object>) value;
    }

    /** The elements of the array at {@code key}, each required to be an object. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Map<String, Object> object, String key) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object element : array(object, key)) {
            if (!(element instanceof Map)) {
                throw new ProtocolException(
                        "JSON array '" + key + "' holds " + Json.describe(element) + ", expected objects");
            }
            result.add((Map<String, Object>) element);
        }
        return result;
    }

    /** The strings of the array at {@code key}. */
    public static List<String> strings(Map<String, Object> object, String key) {
        List<String> result = new ArrayList<>();
        for (Object element : array(object, key)) {
            result.add(String.valueOf(element));
        }
        return result;
    }
}
