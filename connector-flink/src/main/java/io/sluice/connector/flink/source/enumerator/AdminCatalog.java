package io.sluice.connector.flink.source.enumerator;

import io.sluice.connector.flink.source.enumerator.initializer.OffsetsLookup;
import io.sluice.connector.flink.source.enumerator.subscriber.TopicCatalog;
import io.sluice.mq.client.admin.AdminClient;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.body.TopicConfigTable;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.annotation.Internal;

/**
 * {@link TopicCatalog} and {@link OffsetsLookup} over Sluice's admin client: topics from every
 * master's topic table (GET_ALL_TOPIC_CONFIG, which stock RocketMQ brokers answer too), queues
 * from the nameserver route, offsets from the queue's master. Thread-safe; calls block.
 */
@Internal
final class AdminCatalog implements TopicCatalog, OffsetsLookup {

    private final AdminClient admin;
    private final String group;

    AdminCatalog(AdminClient admin, String group) {
        this.admin = admin;
        this.group = group;
    }

    @Override
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (TopicConfigTable table : admin.allTopicConfigs().values()) {
            topics.addAll(table.topics().keySet());
        }
        return topics;
    }

    @Override
    public List<MessageQueue> queues(String topic) {
        return admin.queues(topic);
    }

    @Override
    public long minOffset(MessageQueue queue) {
        return admin.minOffset(queue);
    }

    @Override
    public long maxOffset(MessageQueue queue) {
        return admin.maxOffset(queue);
    }

    @Override
    public long offsetForTimestamp(MessageQueue queue, long timestampMs) {
        return admin.searchOffset(queue, timestampMs);
    }

    @Override
    public OptionalLong committedOffset(MessageQueue queue) {
        return admin.committedOffset(group, queue);
    }
}
