package io.sluice.mq.broker.topic;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * RocketMQ's topic naming rules and reserved names (REMOTING.md 2.3, 4.2): the alphabet, the length
 * limits, the retry and dead-letter prefixes, and the system topics producers may not send to.
 * Thread-safe (stateless).
 */
public final class TopicNames {

    /** The topic producers auto-create from. */
    public static final String AUTO_CREATE_TOPIC_KEY = "TBW102";
    /** Prefix of a consumer group's retry topic. */
    public static final String RETRY_PREFIX = "%RETRY%";
    /** Prefix of a consumer group's dead-letter topic. */
    public static final String DLQ_PREFIX = "%DLQ%";
    /** Longest ordinary topic name. */
    public static final int MAX_TOPIC_LENGTH = 127;
    /** Longest retry or dead-letter topic name (prefix plus group). */
    public static final int MAX_RETRY_TOPIC_LENGTH = 255;

    private static final Pattern ALPHABET = Pattern.compile("^[%|a-zA-Z0-9_-]+$");

    /** Topics that hold the broker's own state; producers get NO_PERMISSION for them. */
    private static final Set<String> NOT_ALLOWED_SEND = Set.of(
            "SCHEDULE_TOPIC_XXXX",
            "RMQ_SYS_TRANS_HALF_TOPIC",
            "RMQ_SYS_TRANS_OP_HALF_TOPIC",
            "TRANS_CHECK_MAX_TIME_TOPIC",
            "SELF_TEST_TOPIC",
            "OFFSET_MOVED_EVENT",
            "SLUICE_TXN_STAGE",
            "SLUICE_TXN_LOG");

    private static final String SYSTEM_PREFIX = "rmq_sys_";

    private TopicNames() {}

    /**
     * Why {@code topic} is not a valid topic name, or null if it is: RocketMQ's alphabet {@code
     * [%|a-zA-Z0-9_-]}, at most {@value #MAX_TOPIC_LENGTH} characters ({@value
     * #MAX_RETRY_TOPIC_LENGTH} for retry and dead-letter topics).
     */
    public static String invalidReason(String topic) {
        if (topic == null || topic.isBlank()) {
            return "the topic name is empty";
        }
        if (!ALPHABET.matcher(topic).matches()) {
            return "the topic[" + topic + "] contains characters outside [%|a-zA-Z0-9_-]";
        }
        int limit = isRetryOrDeadLetter(topic) ? MAX_RETRY_TOPIC_LENGTH : MAX_TOPIC_LENGTH;
        if (topic.length() > limit) {
            return "the topic[" + topic.substring(0, 32) + "...] is " + topic.length()
                    + " characters long, over the limit of " + limit;
        }
        return null;
    }

    /** Whether producers are refused for {@code topic} (the broker's internal topics). */
    public static boolean isSendForbidden(String topic) {
        return NOT_ALLOWED_SEND.contains(topic) || topic.startsWith(SYSTEM_PREFIX);
    }

    /** Whether {@code topic} is a retry topic. */
    public static boolean isRetry(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }

    /** Whether {@code topic} is a retry or dead-letter topic. */
    public static boolean isRetryOrDeadLetter(String topic) {
        return topic.startsWith(RETRY_PREFIX) || topic.startsWith(DLQ_PREFIX);
    }

    /** The retry topic of consumer group {@code group}. */
    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }
}
