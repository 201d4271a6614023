package io.sluice.mq.client.internal;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.ConsumeStatsBody;
import io.sluice.mq.protocol.body.ConsumerConnectionBody;
import io.sluice.mq.protocol.body.ConsumerRunningInfo;
import io.sluice.mq.protocol.body.GroupList;
import io.sluice.mq.protocol.body.KvTable;
import io.sluice.mq.protocol.body.LockBatchBody;
import io.sluice.mq.protocol.body.ProducerConnectionBody;
import io.sluice.mq.protocol.body.PropertiesText;
import io.sluice.mq.protocol.body.ResetOffsetBody;
import io.sluice.mq.protocol.body.SubscriptionGroupConfig;
import io.sluice.mq.protocol.body.TopicList;
import io.sluice.mq.protocol.body.TopicStatsBody;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed calls for ordered consumption and group administration over {@link ClientRpc}'s transport:
 * LOCK_BATCH_MQ / UNLOCK_BATCH_MQ (REMOTING.md 2.9), QUERY_MESSAGE (2.11), GET_CONSUME_STATS and
 * INVOKE_BROKER_TO_RESET_OFFSET (2.12), and the mqadmin requests (topic stats and list, topic and
 * group deletion, groups, connections, runtime info, broker config), with the headers the 4.9.8 client sends. Thread-safe.
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
        return resetOffset(address, group, topic, timestampMs, true);
    }

    /** INVOKE_BROKER_TO_RESET_OFFSET (222); unforced, an offset only moves backwards. */
    public Map<MessageQueue, Long> resetOffset(
            String address, String group, String topic, long timestampMs, boolean force) {
        RemotingCommand request = RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET)
                .putExt("topic", topic)
                .putExt("group", group)
                .putExt("timestamp", timestampMs)
                .putExt("isForce", force);
        RemotingCommand response = callOk("offset reset of " + group + " on " + topic, address, request);
        return response.hasBody() ? ResetOffsetBody.decode(response.bodyBytes()).offsets() : Map.of();
    }

    /** GET_TOPIC_STATS_INFO (202): min and max offset and last store time of each queue. */
    public TopicStatsBody topicStats(String address, String topic) {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO).putExt("topic", topic);
        return TopicStatsBody.decode(
                callOk("topic stats of " + topic, address, request).bodyBytes());
    }

    /** GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206). */
    public Set<String> topicList(String namesrv) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER);
        return TopicList.decode(callOk("topic list", namesrv, request).bodyBytes());
    }

    /** DELETE_TOPIC_IN_BROKER (215). */
    public void deleteTopicInBroker(String address, String topic) {
        callOk(
                "deletion of topic " + topic,
                address,
                RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER).putExt("topic", topic));
    }

    /** DELETE_TOPIC_IN_NAMESRV (216), for the brokers of {@code cluster} (null: every broker). */
    public void deleteTopicInNamesrv(String namesrv, String topic, String cluster) {
        RemotingCommand request = RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV)
                .putExt("topic", topic)
                .putExt("clusterName", cluster);
        callOk("deletion of topic " + topic, namesrv, request);
    }

    /** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200). */
    public void createSubscriptionGroup(String address, SubscriptionGroupConfig config) {
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body(config.encode());
        callOk("creation of subscription group " + config.groupName(), address, request);
    }

    /** DELETE_SUBSCRIPTIONGROUP (207). */
    public void deleteSubscriptionGroup(String address, String group) {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.DELETE_SUBSCRIPTIONGROUP).putExt("groupName", group);
        callOk("deletion of subscription group " + group, address, request);
    }

    /** GET_BROKER_RUNTIME_INFO (28). */
    public Map<String, String> runtimeInfo(String address) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO);
        return KvTable.decode(callOk("runtime info", address, request).bodyBytes())
                .table();
    }

    /** GET_BROKER_CONFIG (26). */
    public Map<String, String> brokerConfig(String address) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_BROKER_CONFIG);
        return PropertiesText.decode(callOk("broker config", address, request).bodyBytes());
    }

    /** UPDATE_BROKER_CONFIG (25). */
    public void updateBrokerConfig(String address, Map<String, String> updates) {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG).body(PropertiesText.encode(updates));
        callOk("broker config update " + updates.keySet(), address, request);
    }

    /** GET_CONSUMER_CONNECTION_LIST (203); empty when the group is not online there (206). */
    public Optional<ConsumerConnectionBody> consumerConnections(String address, String group) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUMER_CONNECTION_LIST)
                .putExt("consumerGroup", group);
        RemotingCommand response = rpc.call(address, request, rpc.timeoutMs());
        if (response.code() == ResponseCode.CONSUMER_NOT_ONLINE) {
            return Optional.empty();
        }
        ResponseErrors.requireSuccess("connections of consumer group " + group, address, response);
        return Optional.of(ConsumerConnectionBody.decode(response.bodyBytes()));
    }

    /** GET_PRODUCER_CONNECTION_LIST (204); empty when the broker knows no such producer (1). */
    public Optional<ProducerConnectionBody> producerConnections(String address, String group) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_PRODUCER_CONNECTION_LIST)
                .putExt("producerGroup", group);
        RemotingCommand response = rpc.call(address, request, rpc.timeoutMs());
        if (response.code() == ResponseCode.SYSTEM_ERROR) {
            return Optional.empty();
        }
        ResponseErrors.requireSuccess("connections of producer group " + group, address, response);
        return Optional.of(ProducerConnectionBody.decode(response.bodyBytes()));
    }

    /**
     * GET_CONSUMER_RUNNING_INFO (307): the broker at {@code address} forwards it to consumer {@code
     * clientId} of {@code group} over that consumer's connection and relays its answer.
     */
    public ConsumerRunningInfo consumerRunningInfo(String address, String group, String clientId) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .putExt("consumerGroup", group)
                .putExt("clientId", clientId)
                .putExt("jstackEnable", false);
        RemotingCommand response =
                callOk("running info of consumer " + clientId + " of group " + group, address, request);
        return ConsumerRunningInfo.decode(response.bodyBytes());
    }

    /** QUERY_TOPIC_CONSUME_BY_WHO (300): groups subscribed to {@code topic} or with offsets on it there. */
    public Set<String> topicConsumers(String address, String topic) {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO).putExt("topic", topic);
        RemotingCommand response = callOk("consumer groups of topic " + topic, address, request);
        return response.hasBody() ? GroupList.decode(response.bodyBytes()) : Set.of();
    }
}
