package io.sluice.mq.client.admin;

import io.sluice.mq.client.consumer.ReceivedMessage;
import java.util.List;

/**
 * What one {@link AdminClient#read} returned. Immutable.
 *
 * @param messages the messages, in queue order (empty at the end of the queue)
 * @param nextOffset the offset to read from next
 * @param minOffset the queue's first readable offset
 * @param maxOffset the queue's next offset to be written
 */
public record QueueRead(List<ReceivedMessage> messages, long nextOffset, long minOffset, long maxOffset) {

    public QueueRead {
        messages = List.copyOf(messages);
    }
}
