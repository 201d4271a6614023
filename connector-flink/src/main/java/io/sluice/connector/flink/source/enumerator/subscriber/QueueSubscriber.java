package io.sluice.connector.flink.source.enumerator.subscriber;

import io.sluice.mq.common.MessageQueue;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Which queues a source reads, asked again at every discovery round: the queues of a fixed topic
 * list, or of every topic whose name matches a pattern (topics created later are picked up).
 * Internal topics ({@code %RETRY%}, {@code %DLQ%}, {@code RMQ_SYS_*}, the broker's own) never
 * match a pattern.
 *
 * <p>Implementations are immutable and serializable.
 */
@PublicEvolving
@FunctionalInterface
public interface QueueSubscriber extends Serializable {

    /** The queues to read now, sorted. */
    Set<MessageQueue> discover(TopicCatalog catalog);

    /** The queues of each topic in {@code topics}. */
    static QueueSubscriber topics(List<String> topics) {
        List<String> copy = List.copyOf(topics);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("the topic list must not be empty");
        }
        return catalog -> {
            Set<MessageQueue> queues = new TreeSet<>();
            for (String topic : copy) {
                queues.addAll(catalog.queues(topic));
            }
            return queues;
        };
    }

    /** The queues of every non-internal topic whose whole name matches {@code pattern}. */
    static QueueSubscriber pattern(Pattern pattern) {
        String regex = pattern.pattern();
        int flags = pattern.flags();
        return catalog -> {
            Pattern compiled = Pattern.compile(regex, flags);
            Set<MessageQueue> queues = new TreeSet<>();
            for (String topic : new TreeSet<>(catalog.topics())) {
                if (!isInternal(topic) && compiled.matcher(topic).matches()) {
                    queues.addAll(catalog.queues(topic));
                }
            }
            return queues;
        };
    }

    /** Retry, dead-letter, system and broker-owned topics. */
    static boolean isInternal(String topic) {
        return topic.startsWith("%RETRY%")
                || topic.startsWith("%DLQ%")
                || topic.startsWith("RMQ_SYS_")
                || topic.startsWith("rmq_sys_")
                || topic.equals("TBW102")
                || topic.equals("SCHEDULE_TOPIC_XXXX")
                || topic.equals("BenchmarkTest")
                || topic.equals("OFFSET_MOVED_EVENT")
                || topic.equals("SELF_TEST_TOPIC")
                || topic.startsWith("SLUICE_");
    }
}
