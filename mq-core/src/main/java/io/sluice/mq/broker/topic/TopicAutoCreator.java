package io.sluice.mq.broker.topic;

import io.sluice.mq.protocol.body.Permission;
import io.sluice.mq.protocol.body.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics on demand, the way RocketMQ clients expect (REMOTING.md 4.1): TBW102 at start
 * when auto-creation is on, an unknown topic on its first send from an inheritable default topic,
 * a consumer group's retry topic with one queue, and its dead-letter topic on the first dead letter. Thread-safe (the table is).
 */
public final class TopicAutoCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAutoCreator.class);

    /** Queues of a retry topic ({@code retryQueueNums}). */
    public static final int RETRY_QUEUE_NUMS = 1;

    private final TopicTable table;
    private volatile boolean autoCreateTopicEnable;
    private final int defaultTopicQueueNums;

    /**
     * @param table the broker's topics
     * @param autoCreateTopicEnable whether unknown topics are created on send from TBW102
     * @param defaultTopicQueueNums queues of TBW102
     */
    public TopicAutoCreator(TopicTable table, boolean autoCreateTopicEnable, int defaultTopicQueueNums) {
        this.table = table;
        this.autoCreateTopicEnable = autoCreateTopicEnable;
        this.defaultTopicQueueNums = defaultTopicQueueNums;
    }

    /**
     * Turns auto-creation on or off at run time (UPDATE_BROKER_CONFIG) and reconciles TBW102 with
     * it, so the nameservers learn the change with the next registration.
     */
    public void autoCreateTopicEnable(boolean value) {
        autoCreateTopicEnable = value;
        reconcileDefaultTopic();
    }

    public boolean autoCreateTopicEnable() {
        return autoCreateTopicEnable;
    }

    /**
     * Makes the table match the auto-creation setting: TBW102 with {@code defaultTopicQueueNums}
     * queues and permission 7 (read, write, inherit) when on; no TBW102 when off, so producers find
     * no route to auto-create through instead of failing on the broker.
     */
    public void reconcileDefaultTopic() {
        if (autoCreateTopicEnable) {
            table.putIfAbsent(new TopicConfig(
                    TopicNames.AUTO_CREATE_TOPIC_KEY,
                    defaultTopicQueueNums,
                    defaultTopicQueueNums,
                    Permission.READ_WRITE | Permission.INHERIT,
                    TopicConfig.SINGLE_TAG,
                    0,
                    false));
        } else if (table.remove(TopicNames.AUTO_CREATE_TOPIC_KEY)) {
            LOG.info("autoCreateTopicEnable=false: removed {}", TopicNames.AUTO_CREATE_TOPIC_KEY);
        }
    }

    /**
     * The configuration of {@code topic} for a send, creating it if needed: retry topics always,
     * other topics from {@code defaultTopic} when it exists and may be inherited from.
     *
     * @param clientQueueNums the producer's {@code defaultTopicQueueNums}; the new topic gets the
     *     smaller of it and the default topic's write queues
     * @return the configuration, or null if the topic does not exist and may not be created
     */
    public TopicConfig forSend(String topic, String defaultTopic, int clientQueueNums) {
        TopicConfig existing = table.get(topic);
        if (existing != null) {
            return existing;
        }
        if (TopicNames.isRetry(topic)) {
            return retryTopic(topic);
        }
        TopicConfig template = defaultTopic == null ? null : table.get(defaultTopic);
        if (template == null || !Permission.inheritable(template.perm())) {
            return null;
        }
        if (TopicNames.AUTO_CREATE_TOPIC_KEY.equals(defaultTopic) && !autoCreateTopicEnable) {
            return null;
        }
        int queues = Math.max(1, Math.min(clientQueueNums, template.writeQueueNums()));
        return table.putIfAbsent(new TopicConfig(
                topic, queues, queues, template.perm() & ~Permission.INHERIT, template.filterType(), 0, false));
    }

    /** The configuration of {@code topic} if it exists; never creates it. Non-blocking. */
    public TopicConfig existing(String topic) {
        return table.get(topic);
    }

    /** The retry topic {@code retryTopic} (a {@code %RETRY%group} name), created if missing. */
    public TopicConfig retryTopic(String retryTopic) {
        TopicConfig existing = table.get(retryTopic);
        if (existing != null) {
            return existing;
        }
        return table.putIfAbsent(new TopicConfig(
                retryTopic,
                RETRY_QUEUE_NUMS,
                RETRY_QUEUE_NUMS,
                Permission.READ_WRITE,
                TopicConfig.SINGLE_TAG,
                0,
                false));
    }

    /**
     * The dead-letter topic {@code deadLetterTopic} (a {@code %DLQ%group} name), created with one
     * queue and permission 6 when missing, as RocketMQ creates it on the first dead letter.
     */
    public TopicConfig deadLetterTopic(String deadLetterTopic) {
        TopicConfig existing = table.get(deadLetterTopic);
        if (existing != null) {
            return existing;
        }
        return table.putIfAbsent(
                new TopicConfig(deadLetterTopic, 1, 1, Permission.READ_WRITE, TopicConfig.SINGLE_TAG, 0, false));
    }
}
