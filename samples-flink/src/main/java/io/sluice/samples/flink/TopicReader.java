package io.sluice.samples.flink;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.QueueRead;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.serde.Deserializer;
import io.sluice.mq.common.MessageQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every message a topic holds right now, queue by queue from its first offset to its end,
 * without a consumer group's offsets (admin pulls commit nothing). Bounded: each queue is read up
 * to the end it had when the read began, and a pull that makes no progress is an error. Not
 * thread-safe.
 */
final class TopicReader {

    private static final int PULL_BATCH = 256;

    private final MqClient client;
    private final String group;

    TopicReader(MqClient client, String group) {
        this.client = client;
        this.group = group;
    }

    /** Every message of {@code topic}, decoded by {@code deserializer}, queue by queue. */
    <T> List<T> readAll(String topic, Deserializer<T> deserializer) {
        List<T> values = new ArrayList<>();
        for (MessageQueue queue : client.admin().queues(topic)) {
            long end = client.admin().maxOffset(queue);
            long offset = client.admin().minOffset(queue);
            while (offset < end) {
                QueueRead read = client.admin().read(group, queue, offset, PULL_BATCH);
                if (read.nextOffset() <= offset) {
                    throw new IllegalStateException(
                            "no progress reading " + queue + " at offset " + offset + " (end " + end + ")");
                }
                for (ReceivedMessage message : read.messages()) {
                    values.add(message.value(deserializer));
                }
                offset = read.nextOffset();
            }
        }
        return values;
    }
}
