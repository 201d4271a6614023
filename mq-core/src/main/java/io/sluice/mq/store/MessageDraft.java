package io.sluice.mq.store;

import io.sluice.mq.common.Checks;
import io.sluice.mq.common.HostAddress;

/**
 * A message as a producer sent it, before the store assigns its queue offset, commit-log position,
 * store timestamp and store host. Field meanings follow RocketMQ's stored-message layout
 * (docs/design/storage-format.md).
 *
 * <p>Immutable apart from the body array, which the caller must not change after handing the
 * draft to the store.
 *
 * @param topic the topic: 1 to {@value #MAX_TOPIC_LENGTH} characters from RocketMQ's topic alphabet
 *     ({@code [%|a-zA-Z0-9_-]}); it names a directory, so nothing else is allowed
 * @param queueId the queue within the topic, at least 0
 * @param flag the user flag, stored as given
 * @param sysFlag RocketMQ's system flag bits (compression, transaction type); the store sets the
 *     host-is-IPv6 bits itself
 * @param bornTimestampMs when the producer created the message
 * @param bornHost the producer's address
 * @param reconsumeTimes how often the message has been redelivered
 * @param preparedTransactionOffset commit-log position of the half message, or 0
 * @param body the body bytes, possibly compressed
 * @param properties the properties string (see {@link io.sluice.mq.common.MessageProperties})
 */
public record MessageDraft(
        String topic,
        int queueId,
        int flag,
        int sysFlag,
        long bornTimestampMs,
        HostAddress bornHost,
        int reconsumeTimes,
        long preparedTransactionOffset,
        byte[] body,
        String properties) {

    /** Longest topic the store accepts: a file name's limit on common file systems. */
    public static final int MAX_TOPIC_LENGTH = 255;

    public MessageDraft {
        Checks.argument(topic != null && !topic.isEmpty(), "topic must not be empty");
        if (!isValidTopic(topic)) {
            throw new IllegalArgumentException(
                    "topic '" + topic + "' must be 1 to " + MAX_TOPIC_LENGTH + " characters of [%|a-zA-Z0-9_-]");
        }
        Checks.argument(queueId >= 0, "queueId must be >= 0, was %s", queueId);
        Checks.notNull(bornHost, "bornHost");
        Checks.notNull(body, "body");
        properties = properties == null ? "" : properties;
    }

    /**
     * Whether {@code topic} is 1 to {@value #MAX_TOPIC_LENGTH} characters of {@code [%|a-zA-Z0-9_-]}.
     * A loop, not a regular expression: it runs for every message appended.
     */
    static boolean isValidTopic(String topic) {
        int length = topic.length();
        if (length == 0 || length > MAX_TOPIC_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = topic.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '-'
                    || c == '%'
                    || c == '|';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** A plain message with the given properties, born now at {@code bornHost}. */
    public static MessageDraft of(
            String topic, int queueId, byte[] body, String properties, long bornTimestampMs, HostAddress bornHost) {
        return new MessageDraft(topic, queueId, 0, 0, bornTimestampMs, bornHost, 0, 0L, body, properties);
    }
}
