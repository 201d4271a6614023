package io.sluice.mq.client.producer;

import io.sluice.mq.common.Checks;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.message.MessageConst;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A message to send: topic, optional tag (used for broker-side filtering), optional business keys
 * (indexed for lookup), body, user flag and user properties. Build with {@link #builder(String)}.
 * Immutable apart from the body array, which callers must not change after building.
 */
public final class Message {

    private static final Pattern TOPIC = Pattern.compile("^[%|a-zA-Z0-9_-]{1,127}$");
    private static final Set<String> RESERVED = Set.of(
            MessageConst.KEYS,
            MessageConst.TAGS,
            MessageConst.UNIQ_KEY,
            MessageConst.WAIT,
            MessageConst.DELAY,
            MessageConst.RETRY_TOPIC,
            MessageConst.REAL_TOPIC,
            MessageConst.REAL_QID,
            MessageConst.TRAN_MSG,
            MessageConst.PGROUP,
            MessageConst.MIN_OFFSET,
            MessageConst.MAX_OFFSET,
            MessageConst.TRANSACTION_ID,
            MessageConst.MAX_RECONSUME_TIMES,
            MessageConst.RECONSUME_TIME,
            MessageConst.ORIGIN_MESSAGE_ID,
            MessageConst.CLUSTER);

    private final String topic;
    private final String tags;
    private final List<String> keys;
    private final byte[] body;
    private final int flag;
    private final Map<String, String> properties;

    private Message(Builder builder) {
        this.topic = builder.topic;
        this.tags = builder.tags;
        this.keys = List.copyOf(builder.keys);
        this.body = builder.body;
        this.flag = builder.flag;
        this.properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.properties));
    }

    /** A builder for a message to {@code topic}. */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /** A message with just a topic and a body. */
    public static Message of(String topic, byte[] body) {
        return builder(topic).body(body).build();
    }

    public String topic() {
        return topic;
    }

    /** The tag, or null. */
    public String tags() {
        return tags;
    }

    /** The business keys, possibly empty. */
    public List<String> keys() {
        return keys;
    }

    /** The body; do not modify. */
    public byte[] body() {
        return body;
    }

    public int flag() {
        return flag;
    }

    /** The user properties, read-only. */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", tags=" + tags + ", keys=" + keys + ", body=" + body.length + "B]";
    }

    /** Builds {@link Message}s. Not thread-safe. */
    public static final class Builder {
        private final String topic;
        private String tags;
        private final List<String> keys = new ArrayList<>();
        private byte[] body = new byte[0];
        private int flag;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder(String topic) {
            Checks.argument(
                    topic != null && TOPIC.matcher(topic).matches(),
                    "topic must match %s, was '%s'",
                    TOPIC.pattern(),
                    topic);
            this.topic = topic;
        }

        /** The tag; one tag per message, without {@code ||}. */
        public Builder tags(String value) {
            Checks.argument(value == null || !value.contains("||"), "a message has one tag, was '%s'", value);
            checkText(value, "tags");
            this.tags = value;
            return this;
        }

        /** Adds business keys; each without spaces. */
        public Builder keys(String... values) {
            for (String key : values) {
                Checks.argument(key != null && !key.isEmpty() && key.indexOf(' ') < 0, "bad key '%s'", key);
                checkText(key, "key");
                keys.add(key);
            }
            return this;
        }

        public Builder body(byte[] value) {
            this.body = Checks.notNull(value, "body");
            return this;
        }

        /**
         * Sets the body to {@code value} encoded by {@code serializer}; properties the serializer
         * adds (for example the Avro schema fingerprint) become message properties.
         */
        public <T> Builder value(T value, io.sluice.mq.client.serde.Serializer<? super T> serializer) {
            return body(serializer.serialize(topic, value, this::property));
        }

        public Builder flag(int value) {
            this.flag = value;
            return this;
        }

        /** Sets a user property; reserved RocketMQ names are refused. */
        public Builder property(String key, String value) {
            Checks.argument(key != null && !key.isEmpty() && !RESERVED.contains(key), "reserved property '%s'", key);
            Checks.notNull(value, "value");
            checkText(key, "property key");
            checkText(value, "property value");
            properties.put(key, value);
            return this;
        }

        /**
         * Delivers the message after delay level {@code level} of the broker's {@code
         * messageDelayLevel} (1 = 1 s, 2 = 5 s, ... 18 = 2 h by default; higher levels count as the
         * last), through {@code SCHEDULE_TOPIC_XXXX}: property {@code DELAY}.
         */
        public Builder delayLevel(int level) {
            Checks.argument(level >= 1, "delay level must be >= 1, was %s", level);
            properties.put(MessageConst.DELAY, Integer.toString(level));
            return this;
        }

        /**
         * Delivers the message at {@code epochMs} (a Sluice or RocketMQ 5.x broker's timer; at most
         * {@code timerMaxDelaySec} ahead): property {@code TIMER_DELIVER_MS}.
         */
        public Builder deliverAtMs(long epochMs) {
            Checks.argument(epochMs > 0, "delivery time must be a positive epoch ms, was %s", epochMs);
            properties.put(MessageConst.TIMER_DELIVER_MS, Long.toString(epochMs));
            return this;
        }

        public Message build() {
            return new Message(this);
        }

        private static void checkText(String text, String what) {
            if (text != null) {
                Checks.argument(
                        text.indexOf(MessageProperties.NAME_VALUE_SEPARATOR) < 0
                                && text.indexOf(MessageProperties.PROPERTY_SEPARATOR) < 0,
                        "%s contains a property separator character",
                        what);
            }
        }
    }
}
