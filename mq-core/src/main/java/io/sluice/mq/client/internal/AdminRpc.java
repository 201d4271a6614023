package io.sluice.mq.client.internal;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.ConsumeStatsBody;
import io.sluice.mq.protocol.body.LockBatchBody;
import io.sluice.mq.protocol.body.ResetOffsetBody;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed calls for ordered consumption and group administration over {@link ClientRpc}'s transport:
 * LOCK_BATCH_MQ / UNLOCK_BATCH_MQ (REMOTING.md 2.9), QUERY_MESSAGE (2.11), GET_CONSUME_STATS and
 * INVOKE_BROKER_TO_RESET_OFFSET (2.12), with the headers the 4.9.8 client sends. Thread-safe.
 */
public final class AdminRpc {

    private final ClientRpc rpc;

    public AdminRpc(ClientRpc rpc) {
        this.rpc = rpc;
    }

    private RemotingCommand callOk(String what, String address, RemotingCommand request) {
        return ResponseErrors.requireSuccess(what, address, rpc.call(address, request, rpc.timeoutMs()));
    }

    /** LOCK_BATCH_MQ (41): the queues of {@code queues} this client holds after the call. */
    public Set<MessageQueue> lock(String address, String group, String clientId, Set<MessageQueue> queues) {
        RemotingCommand request = RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                .body(new LockBatchBody(group, clientId, queues).encode());
        RemotingCommand response = callOk("lock of " + queues.size() + " queues", address, request);
        return response.hasBody() ? LockBatchBody.decodeLocked(response.bodyBytes()) : Set.of();
    }

    /** UNLOCK_BATCH_MQ (42). */
    public void unlock(String address, String group, String clientId, Set<MessageQueue> queues) {
        RemotingCommand request = RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ)
                .body(new LockBatchBody(group, clientId, queues).encode());
        callOk("unlock of " + queues.size() + " queues", address, request);
    }

    /**
     * QUERY_MESSAGE (12): stored records of {@code topic} indexed under {@code key} in the time
     * range; empty for QUERY_NOT_FOUND (22). {@code uniqueKey} looks the key up as a message id.
     */
    public List<WireMessage> query(
            String address, String topic, String key, int maxNum, long beginMs, long endMs, boolean uniqueKey) {
        RemotingCommand request = RemotingCommand.request(RequestCode.QUERY_MESSAGE)
                .putExt("topic", topic)
                .putExt("key", key)
                .putExt("maxNum", maxNum)
                .putExt("beginTimestamp", beginMs)
                .putExt("endTimestamp", endMs)
                .putExt("_UNIQUE_KEY_QUERY", uniqueKey);
        RemotingCommand response = rpc.call(address, request, rpc.timeoutMs());
        if (response.code() == ResponseCode.QUERY_NOT_FOUND) {
            return List.of();
        }
        ResponseErrors.requireSuccess("query of key " + key, address, response);
        return response.hasBody() ? StoredMessageDecoder.decodeAll(response.body()) : List.of();
    }

    /** GET_CONSUME_STATS (208) of {@code group}, on {@code topic} or (null) every topic it consumes. */
    public ConsumeStatsBody consumeStats(String address, String group, String topic) {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.GET_CONSUME_STATS).putExt("consumerGroup", group);
        if (topic != null) {
            request.putExt("topic", topic);
        }
        return ConsumeStatsBody.decode(
                callOk("consume stats of " + group, address, request).bodyBytes());
    }

    /** INVOKE_BROKER_TO_RESET_OFFSET (222), forced: the new offsets the broker set. */
    public Map<MessageQueue, Long> resetOffset(String address, String group, String topic, long timestampMs) {
        RemotingCommand request = RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET)
                .putExt("topic", topic)
                .putExt("group", group)
                .putExt("timestamp", timestampMs)
                .putExt("isForce", true);
        RemotingCommand response = callOk("offset reset of " + group + " on " + topic, address, request);
        return response.hasBody() ? ResetOffsetBody.decode(response.bodyBytes()).offsets() : Map.of();
    }
}
