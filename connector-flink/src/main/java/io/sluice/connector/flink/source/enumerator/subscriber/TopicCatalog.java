package io.sluice.connector.flink.source.enumerator.subscriber;

import io.sluice.mq.common.MessageQueue;
import java.util.List;
import java.util.Set;

/**
 * What a {@link QueueSubscriber} may ask the cluster. The enumerator implements it over the
 * client's admin calls; implementations may block (network).
 */
public interface TopicCatalog {

    /** Every topic the cluster's masters hold. */
    Set<String> topics();

    /** The readable queues of {@code topic}, sorted; empty if the topic is unknown. */
    List<MessageQueue> queues(String topic);
}
