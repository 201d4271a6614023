package io.sluice.connector.flink.table;

import io.sluice.mq.common.MessageQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.ValidationException;

/**
 * Parses the per-queue offsets of {@code scan.startup.specific-offsets} and {@code
 * scan.bounded.specific-offsets}: entries separated by {@code ;}, each {@code
 * [topic@]broker/queueId:offset}. The topic may be left out when the table reads exactly one topic.
 * Errors name the option key, the entry and what was expected. Stateless.
 */
@Internal
final class QueueOffsetsParser {

    private static final Pattern ENTRY = Pattern.compile("(?:([^@;:/\\s]+)@)?([^@;:/\\s]+)/(\\d+):(\\d+)");

    private QueueOffsetsParser() {}

    /**
     * @param key the option key, for error messages
     * @param value the option value
     * @param topics the table's topic list, or empty for a pattern
     */
    static Map<MessageQueue, Long> parse(String key, String value, List<String> topics) {
        Map<MessageQueue, Long> offsets = new LinkedHashMap<>();
        for (String raw : value.split(";")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new ValidationException(String.format(
                        "Invalid value for option '%s': entry '%s' is not [topic@]broker/queueId:offset", key, entry));
            }
            String topic = m.group(1) != null ? m.group(1) : onlyTopic(key, entry, topics);
            MessageQueue queue = new MessageQueue(topic, m.group(2), parseInt(key, entry, m.group(3)));
            if (offsets.put(queue, parseLong(key, entry, m.group(4))) != null) {
                throw new ValidationException(
                        String.format("Invalid value for option '%s': queue %s is listed twice", key, queue));
            }
        }
        if (offsets.isEmpty()) {
            throw new ValidationException(String.format("Invalid value for option '%s': no queue listed", key));
        }
        return offsets;
    }

    private static String onlyTopic(String key, String entry, List<String> topics) {
        if (topics.size() != 1) {
            throw new ValidationException(String.format(
                    "Invalid value for option '%s': entry '%s' needs a 'topic@' prefix (the table reads %s)",
                    key, entry, topics.isEmpty() ? "a topic pattern" : topics.size() + " topics"));
        }
        return topics.get(0);
    }

    private static int parseInt(String key, String entry, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new ValidationException(
                    String.format("Invalid value for option '%s': queue id out of range in '%s'", key, entry), e);
        }
    }

    private static long parseLong(String key, String entry, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ValidationException(
                    String.format("Invalid value for option '%s': offset out of range in '%s'", key, entry), e);
        }
    }
}
