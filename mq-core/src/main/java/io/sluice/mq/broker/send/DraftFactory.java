package io.sluice.mq.broker.send;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.RecordTooLargeException;
import io.sluice.mq.protocol.message.BatchCodec;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.store.MessageDraft;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a send request into the store's drafts: one per message (a batch body is split into its
 * messages, REMOTING.md 2.3), each with a {@code UNIQ_KEY} (generated when the producer sent none)
 * and the broker's {@code CLUSTER} property. The rest of the properties string is kept byte for byte,
 * in whichever form (trailing separator or not) the producer wrote it. Thread-safe.
 */
final class DraftFactory {

    private final String clusterName;
    private final UniqueKeyGenerator keys;
    private final int maxBodyBytes;

    DraftFactory(String clusterName, UniqueKeyGenerator keys, int maxBodyBytes) {
        this.clusterName = clusterName;
        this.keys = keys;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The drafts of one request and their unique keys, in order.
     *
     * @param drafts the messages to append
     * @param uniqueKeys each message's {@code UNIQ_KEY}
     */
    record Drafts(List<MessageDraft> drafts, List<String> uniqueKeys) {

        /** The same messages, each rewritten by {@code rewrite} (same unique keys). */
        Drafts map(java.util.function.UnaryOperator<MessageDraft> rewrite) {
            List<MessageDraft> rewritten = new ArrayList<>(drafts.size());
            for (MessageDraft draft : drafts) {
                rewritten.add(rewrite.apply(draft));
            }
            return new Drafts(rewritten, uniqueKeys);
        }
    }

    /** Where a request's messages go and where they came from. */
    record Target(String topic, int queueId, int sysFlag, HostAddress bornHost) {}

    /** The one message of a SEND_MESSAGE / SEND_MESSAGE_V2. */
    Drafts single(SendHeader header, Target target, byte[] body) {
        checkBody(body.length, target.topic());
        Drafts drafts = new Drafts(new ArrayList<>(1), new ArrayList<>(1));
        add(drafts, header, target, header.flag(), body, header.properties());
        return drafts;
    }

    /**
     * The messages of a SEND_BATCH_MESSAGE body. As in RocketMQ, {@code maxMessageSize} bounds the
     * whole encoded batch (so each body too); the error names the limit and both sizes.
     */
    Drafts batch(SendHeader header, Target target, ByteBuffer body) {
        if (body.remaining() > maxBodyBytes) {
            throw new RecordTooLargeException(
                    "the batch to topic " + target.topic() + " (maxMessageSize, whole batch)",
                    body.remaining(),
                    maxBodyBytes);
        }
        List<BatchCodec.Entry> entries = BatchCodec.decode(body);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the batch to " + target.topic() + " holds no message");
        }
        Drafts drafts = new Drafts(new ArrayList<>(entries.size()), new ArrayList<>(entries.size()));
        // No check per body: each is smaller than the batch that holds it.
        for (BatchCodec.Entry entry : entries) {
            add(drafts, header, target, entry.flag(), entry.body(), entry.properties());
        }
        return drafts;
    }

    private void add(Drafts drafts, SendHeader header, Target target, int flag, byte[] body, String properties) {
        String text = properties == null ? "" : properties;
        String uniqueKey = MessageProperties.find(text, MessageConst.UNIQ_KEY);
        if (uniqueKey == null || uniqueKey.isEmpty()) {
            uniqueKey = keys.next();
            text = append(text, MessageConst.UNIQ_KEY, uniqueKey);
        }
        if (MessageProperties.find(text, MessageConst.CLUSTER) == null) {
            text = append(text, MessageConst.CLUSTER, clusterName);
        }
        drafts.drafts()
                .add(new MessageDraft(
                        target.topic(),
                        target.queueId(),
                        flag,
                        target.sysFlag(),
                        header.bornTimestamp(),
                        target.bornHost(),
                        header.reconsumeTimes(),
                        0L,
                        body,
                        text));
        drafts.uniqueKeys().add(uniqueKey);
    }

    private void checkBody(int length, String topic) {
        if (length > maxBodyBytes) {
            throw new RecordTooLargeException(
                    "message body to topic " + topic + " (maxMessageSize)", length, maxBodyBytes);
        }
    }

    /** {@code properties} with one more pair, keeping its separator style. */
    static String append(String properties, String key, String value) {
        String pair = key + MessageProperties.NAME_VALUE_SEPARATOR + value;
        if (properties.isEmpty()) {
            return pair;
        }
        if (properties.charAt(properties.length() - 1) == MessageProperties.PROPERTY_SEPARATOR) {
            return properties + pair + MessageProperties.PROPERTY_SEPARATOR;
        }
        return properties + MessageProperties.PROPERTY_SEPARATOR + pair;
    }
}
