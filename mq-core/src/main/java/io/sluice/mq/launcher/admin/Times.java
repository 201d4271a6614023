package io.sluice.mq.launcher.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as mqadmin reads and prints them: milliseconds since the epoch, {@code
 * yyyy-MM-dd#HH:mm:ss:SSS} in the local zone, or {@code now}; printed as {@code yyyy-MM-dd
 * HH:mm:ss,SSS}. Thread-safe (stateless).
 */
final class Times {

    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'#'HH:mm:ss:SSS");
    private static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private Times() {}

    /** The instant {@code text} names, in ms; {@code option} names the option in the error. */
    static long parse(String option, String text, long nowMs) {
        String value = text.trim();
        if ("now".equalsIgnoreCase(value)) {
            return nowMs;
        }
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
            return Long.parseLong(value);
        }
        try {
            return LocalDateTime.parse(value, INPUT)
                    .atZone(ZoneId.systemDefault())
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option + " '" + text + "' is not a time: use ms since the epoch, yyyy-MM-dd#HH:mm:ss:SSS or now");
        }
    }

    /** {@code ms} as local {@code yyyy-MM-dd HH:mm:ss,SSS}; "-" for 0. */
    static String format(long ms) {
        if (ms <= 0) {
            return "-";
        }
        return OUTPUT.format(Instant.ofEpochMilli(ms).atZone(ZoneId.systemDefault()));
    }
}
