package io.sluice.mq.client.internal;

import io.sluice.mq.protocol.message.WireMessage;
import java.util.List;

/**
 * A PULL_MESSAGE response (REMOTING.md 2.4): its code (0 found, 19 no new message, 20 nothing
 * matched, 21 offset moved), the offset to read next, the queue's bounds, and the decoded records
 * of a FOUND response (still compressed, not yet tag-filtered). Immutable.
 *
 * @param code the response code
 * @param nextBeginOffset where the next pull starts (the corrected offset for 21)
 * @param minOffset the queue's first offset
 * @param maxOffset the queue's next offset to write
 * @param messages the records, empty unless code is 0
 * @param address the broker that answered
 */
public record PullResult(
        int code, long nextBeginOffset, long minOffset, long maxOffset, List<WireMessage> messages, String address) {

    public PullResult {
        messages = List.copyOf(messages);
    }
}
