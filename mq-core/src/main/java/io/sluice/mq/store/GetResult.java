package io.sluice.mq.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Messages read from one queue, as stored (each buffer is one record in the stored-message layout,
 * ready to send in a pull response).
 *
 * @param status what happened
 * @param nextBeginOffset the queue offset to read next
 * @param minOffset the queue's smallest readable offset
 * @param maxOffset the queue's next offset to be written
 * @param messages the records, in queue order
 */
public record GetResult(
        GetStatus status, long nextBeginOffset, long minOffset, long maxOffset, List<ByteBuffer> messages) {

    /** Total bytes of all records. */
    public int totalBytes() {
        int sum = 0;
        for (ByteBuffer message : messages) {
            sum += message.remaining();
        }
        return sum;
    }
}
