package io.sluice.mq.broker.transaction;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds CHECK_TRANSACTION_STATE (39) requests (REMOTING.md 2.8): the header names the half copy
 * being checked ({@code tranStateTableOffset}, {@code commitLogOffset}), the body is that copy in
 * the stored-message layout with its topic and queue id replaced by {@code REAL_TOPIC} and {@code
 * REAL_QID} and TOTALSIZE recomputed, which is what the official clients decode and hand to their
 * listener.
 *
 * <p>Body layout: bytes 0..3 TOTALSIZE (rewritten), 4..7 MAGIC (V1, or V2 for a real topic over 127
 * bytes), 8..11 BODYCRC, 12..15 QUEUEID (rewritten), then the copy's bytes up to the end of BODY
 * unchanged, the real topic with its 1- or 2-byte length, then the copy's PROPERTIESLENGTH and
 * PROPERTIES unchanged.
 *
 * <p>Thread-safe (stateless).
 */
final class CheckRequests {

    private static final int OFFSET_MAGIC = 4;
    private static final int OFFSET_QUEUE_ID = 12;
    private static final int V1_MAX_TOPIC_BYTES = 127;

    private CheckRequests() {}

    /**
     * The check request for {@code copy}, whose stored bytes are {@code record}.
     *
     * @param brokerName sent as {@code bname} (5.x clients read it)
     */
    static RemotingCommand check(ByteBuffer record, WireMessage copy, String brokerName) {
        String transactionId = copy.property(MessageConst.TRANSACTION_ID);
        String uniqueKey = copy.property(MessageConst.UNIQ_KEY);
        return RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .putExt("tranStateTableOffset", copy.queueOffset())
                .putExt("commitLogOffset", copy.logPosition())
                .putExt("msgId", uniqueKey == null ? copy.offsetMessageId() : uniqueKey)
                .putExt("transactionId", transactionId == null ? uniqueKey : transactionId)
                .putExt("offsetMsgId", copy.offsetMessageId())
                .putExt("topic", TransactionTopics.HALF_TOPIC)
                .putExt("bname", brokerName)
                .markOneway()
                .body(body(record, copy));
    }

    /** The check body: {@code record} re-addressed to the copy's real topic and queue. */
    static byte[] body(ByteBuffer record, WireMessage copy) {
        ByteBuffer in = record.duplicate();
        int start = in.position();
        int oldMagic = in.getInt(start + OFFSET_MAGIC);
        int oldTopicBytes = copy.topic().getBytes(StandardCharsets.UTF_8).length;
        int oldTopicLengthBytes = oldMagic == StoredMessageDecoder.MAGIC_V1 ? 1 : 2;
        int propertiesBytes = copy.properties().getBytes(StandardCharsets.UTF_8).length;
        int tail = 2 + propertiesBytes;
        int bodyEnd = in.remaining() - tail - oldTopicBytes - oldTopicLengthBytes;

        byte[] topic = HalfMessages.realTopic(copy).getBytes(StandardCharsets.UTF_8);
        boolean v1 = topic.length <= V1_MAX_TOPIC_BYTES;
        int size = bodyEnd + (v1 ? 1 : 2) + topic.length + tail;
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(in.slice(start, bodyEnd));
        if (v1) {
            out.put((byte) topic.length);
        } else {
            out.putShort((short) topic.length);
        }
        out.put(topic);
        out.put(in.slice(start + in.remaining() - tail, tail));
        out.putInt(0, size);
        out.putInt(OFFSET_MAGIC, v1 ? StoredMessageDecoder.MAGIC_V1 : StoredMessageDecoder.MAGIC_V2);
        out.putInt(OFFSET_QUEUE_ID, HalfMessages.realQueueId(copy));
        return out.array();
    }
}
