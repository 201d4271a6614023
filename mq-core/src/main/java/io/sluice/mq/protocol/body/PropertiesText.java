package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.ProtocolException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The body of GET_BROKER_CONFIG (26) responses and UPDATE_BROKER_CONFIG (25) requests: UTF-8 text
 * of {@code key=value} lines, one per key, read as {@link Properties} (RocketMQ's {@code
 * MixAll.properties2String} / {@code string2Properties}). Thread-safe (stateless).
 */
public final class PropertiesText {

    private PropertiesText() {}

    /** {@code key=value\n} per entry, in the map's order. */
    public static byte[] encode(Map<String, String> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach((key, value) -> {
            if (value != null) {
                text.append(key).append('=').append(value).append('\n');
            }
        });
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The entries of {@code body}, sorted by key. */
    public static Map<String, String> decode(byte[] body) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(body, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ProtocolException("broker config body is not properties text: " + e.getMessage());
        }
        Map<String, String> entries = new TreeMap<>();
        properties.forEach((key, value) -> entries.put(key.toString(), value.toString()));
        return entries;
    }
}
