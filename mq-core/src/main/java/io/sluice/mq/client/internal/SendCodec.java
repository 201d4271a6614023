package io.sluice.mq.client.internal;

import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.client.producer.SendStatus;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.RecordTooLargeException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.BatchCodec;
import io.sluice.mq.protocol.message.BodyCompression;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageSysFlag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320) requests the way the 4.9.8 client
 * does (REMOTING.md 2.3) and decodes their responses. Thread-safe (stateless).
 */
public final class SendCodec {

    /** Compressed with zlib: COMPRESSED | ZLIB (769 for an ordinary message). */
    public static final int ZLIB_COMPRESSED = MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_ZLIB;

    private SendCodec() {}

    /**
     * A message ready to send: its unique key, its (maybe compressed) body, sysFlag and properties
     * string. Immutable apart from the body array.
     */
    public record Prepared(String topic, String uniqKey, byte[] body, int sysFlag, int flag, String properties) {}

    /** Prepares {@code message}: assigns {@code uniqKey}, compresses bodies above the threshold. */
    public static Prepared prepare(Message message, String uniqKey, int compressThreshold, int maxBytes) {
        byte[] body = message.body();
        if (body.length > maxBytes) {
            throw new RecordTooLargeException("body of a message to " + message.topic(), body.length, maxBytes);
        }
        int sysFlag = 0;
        if (body.length > compressThreshold) {
            byte[] compressed = BodyCompression.compress(body);
            if (compressed.length < body.length) {
                body = compressed;
                sysFlag = ZLIB_COMPRESSED;
            }
        }
        return new Prepared(message.topic(), uniqKey, body, sysFlag, message.flag(), properties(message, uniqKey));
    }

    /** The properties string of {@code message}: user properties, then UNIQ_KEY, WAIT, TAGS, KEYS. */
    public static String properties(Message message, String uniqKey) {
        Map<String, String> properties = new LinkedHashMap<>(message.properties());
        properties.put(MessageConst.UNIQ_KEY, uniqKey);
        properties.put(MessageConst.WAIT, "true");
        if (message.tags() != null) {
            properties.put(MessageConst.TAGS, message.tags());
        }
        if (!message.keys().isEmpty()) {
            properties.put(MessageConst.KEYS, String.join(" ", message.keys()));
        }
        return MessageProperties.encode(properties);
    }

    /** The SEND_MESSAGE_V2 request for {@code message} to {@code queue}. */
    public static RemotingCommand single(String group, Prepared message, MessageQueue queue, long bornMs) {
        return header(RequestCode.SEND_MESSAGE_V2, group, queue, bornMs)
                .putExt("f", message.sysFlag())
                .putExt("h", message.flag())
                .putExt("i", message.properties())
                .putExt("m", false)
                .body(message.body());
    }

    /** The SEND_BATCH_MESSAGE request for {@code messages} (one topic) to {@code queue}. */
    public static RemotingCommand batch(String group, List<Prepared> messages, MessageQueue queue, long bornMs) {
        List<BatchCodec.Entry> entries = new ArrayList<>(messages.size());
        for (Prepared message : messages) {
            if (!message.topic().equals(queue.topic())) {
                throw new IllegalArgumentException(
                        "a batch goes to one topic: " + message.topic() + " vs " + queue.topic());
            }
            if (message.sysFlag() != 0) {
                throw new IllegalArgumentException("batched messages are not compressed");
            }
            entries.add(new BatchCodec.Entry(message.flag(), message.body(), message.properties()));
        }
        return header(RequestCode.SEND_BATCH_MESSAGE, group, queue, bornMs)
                .putExt("f", 0)
                .putExt("h", 0)
                .putExt("i", MessageConst.WAIT + MessageProperties.NAME_VALUE_SEPARATOR + "true")
                .putExt("m", true)
                .body(BatchCodec.encode(entries));
    }

    private static RemotingCommand header(int code, String group, MessageQueue queue, long bornMs) {
        return RemotingCommand.request(code)
                .putExt("a", group)
                .putExt("b", queue.topic())
                .putExt("c", RouteTable.AUTO_CREATE_TOPIC)
                .putExt("d", RouteTable.DEFAULT_TOPIC_QUEUE_NUMS)
                .putExt("e", queue.queueId())
                .putExt("g", bornMs)
                .putExt("j", 0)
                .putExt("k", false)
                .putExt("n", queue.brokerName());
    }

    /**
     * The result of a send response; failures throw the typed exception.
     *
     * @param msgId the UNIQ_KEY (comma-joined for a batch)
     */
    public static SendResult result(String address, MessageQueue queue, String msgId, RemotingCommand response) {
        SendStatus status =
                switch (response.code()) {
                    case ResponseCode.SUCCESS -> SendStatus.SEND_OK;
                    case ResponseCode.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
                    case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
                    case ResponseCode.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
                    default -> throw ResponseErrors.of("send to " + queue, address, response);
                };
        int queueId = response.extInt("queueId", queue.queueId());
        MessageQueue actual = new MessageQueue(queue.topic(), queue.brokerName(), queueId);
        return new SendResult(status, msgId, response.ext("msgId"), actual, response.requireExtLong("queueOffset"));
    }
}
