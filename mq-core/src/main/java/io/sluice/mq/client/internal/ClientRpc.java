package io.sluice.mq.client.internal;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.InvalidSubscriptionException;
import io.sluice.mq.client.consumer.CommittedOffset;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.ExtensionFields;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.CheckClientRequestBody;
import io.sluice.mq.protocol.body.ClusterInfo;
import io.sluice.mq.protocol.body.ConsumerIdList;
import io.sluice.mq.protocol.body.HeartbeatData;
import io.sluice.mq.protocol.body.SubscriptionData;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.body.TopicRouteData;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.remoting.RemotingClient;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The requests the client sends, as typed calls over one {@link RemotingClient} (REMOTING.md 2):
 * builds each header the way the 4.9.8 Java client does, checks the response code and parses the
 * response. Synchronous calls wait at most their timeout. Thread-safe.
 */
public final class ClientRpc {

    private final RemotingClient remoting;
    private final long timeoutMs;

    public ClientRpc(RemotingClient remoting, long timeoutMs) {
        this.remoting = remoting;
        this.timeoutMs = timeoutMs;
    }

    /** The transport, for requests not listed here. */
    public RemotingClient remoting() {
        return remoting;
    }

    /** Default timeout of synchronous requests. */
    public long timeoutMs() {
        return timeoutMs;
    }

    /** Sends {@code request} and waits for the response; transport errors are thrown unchecked. */
    public RemotingCommand call(String address, RemotingCommand request, long timeout) {
        try {
            return remoting.invokeSync(address, request, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ResponseErrors.rethrowable(e);
        }
    }

    private RemotingCommand callOk(String what, String address, RemotingCommand request) {
        return ResponseErrors.requireSuccess(what, address, call(address, request, timeoutMs));
    }

    /** GET_ROUTEINFO_BY_TOPIC (105); empty when the nameserver answers TOPIC_NOT_EXIST. */
    public Optional<TopicRouteData> route(String namesrv, String topic) {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", topic);
        RemotingCommand response = call(namesrv, request, timeoutMs);
        if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
            return Optional.empty();
        }
        ResponseErrors.requireSuccess("route of " + topic, namesrv, response);
        return Optional.of(TopicRouteData.decode(response.bodyBytes()));
    }

    /** GET_BROKER_CLUSTER_INFO (106). */
    public ClusterInfo clusterInfo(String namesrv) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO);
        return ClusterInfo.decode(callOk("cluster info", namesrv, request).bodyBytes());
    }

    /** PULL_MESSAGE (11), answered after at most the request's suspend time. */
    public CompletableFuture<PullResult> pull(String address, PullRequest pull, long timeout) {
        MessageQueue queue = pull.queue();
        RemotingCommand request = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", pull.group())
                .putExt("topic", queue.topic())
                .putExt("queueId", queue.queueId())
                .putExt("queueOffset", pull.offset())
                .putExt("maxMsgNums", pull.maxMessages())
                .putExt("sysFlag", pull.sysFlag())
                .putExt("commitOffset", pull.commitOffset())
                .putExt("suspendTimeoutMillis", pull.suspendMs())
                .putExt("subscription", pull.expression())
                .putExt("subVersion", 0)
                .putExt("expressionType", pull.expressionType())
                .putExt("bname", queue.brokerName());
        return remoting.invoke(address, request, timeout).thenApply(response -> toPullResult(address, queue, response));
    }

    /**
     * CHECK_CLIENT_CONFIG (46): asks the broker whether it can serve {@code subscription} (sent for
     * SQL92 subscriptions, as the official push consumer does). Throws {@link
     * InvalidSubscriptionException} for SUBSCRIPTION_PARSE_FAILED, a retriable exception when the
     * broker is busy or stopping, else a {@link ClientException} with the broker's code and remark.
     */
    public void checkClientConfig(String address, String group, String clientId, SubscriptionData subscription) {
        RemotingCommand request = RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG)
                .body(new CheckClientRequestBody(clientId, group, subscription).encode());
        RemotingCommand response = call(address, request, timeoutMs);
        if (response.code() == ResponseCode.SUBSCRIPTION_PARSE_FAILED) {
            throw new InvalidSubscriptionException(
                    subscription.expression(), response.code(), response.remark(), address);
        }
        int code = response.code();
        if (code == ResponseCode.SUCCESS) {
            return;
        }
        if (code == ResponseCode.SYSTEM_BUSY || code == ResponseCode.SERVICE_NOT_AVAILABLE) {
            throw ResponseErrors.of("check of subscription " + subscription.expression(), address, response);
        }
        // Anything else is the broker's verdict on the subscription (e.g. SYSTEM_ERROR "does not
        // support ... SQL92"): asking again gets the same answer.
        throw new ClientException(
                "check of subscription " + subscription.expression() + " failed at " + address + ": "
                        + ResponseCode.name(code) + " (" + code + "), " + response.remark(),
                code,
                response.remark(),
                address);
    }

    private static PullResult toPullResult(String address, MessageQueue queue, RemotingCommand response) {
        int code = response.code();
        if (code != ResponseCode.SUCCESS
                && code != ResponseCode.PULL_NOT_FOUND
                && code != ResponseCode.PULL_RETRY_IMMEDIATELY
                && code != ResponseCode.PULL_OFFSET_MOVED) {
            throw ResponseErrors.of("pull of " + queue, address, response);
        }
        List<WireMessage> messages =
                code == ResponseCode.SUCCESS ? StoredMessageDecoder.decodeAll(response.body()) : List.of();
        return new PullResult(
                code,
                response.requireExtLong("nextBeginOffset"),
                response.extLong("minOffset", 0),
                response.extLong("maxOffset", 0),
                messages,
                address);
    }

    /**
     * QUERY_CONSUMER_OFFSET (14); empty for QUERY_NOT_FOUND (22). Sends the 5.x field {@code
     * setZeroIfNotFound=false} so 5.x brokers report "none" instead of 0 for groups that never
     * committed; 4.9.x brokers ignore it.
     */
    public OptionalLong queryConsumerOffset(String address, String group, MessageQueue queue) {
        Optional<CommittedOffset> committed = queryCommitted(address, group, queue);
        return committed.isEmpty()
                ? OptionalLong.empty()
                : OptionalLong.of(committed.get().offset());
    }

    /**
     * QUERY_CONSUMER_OFFSET (14) with the commit's metadata (Sluice's extension field; empty from a
     * stock broker or for a commit without metadata); empty for QUERY_NOT_FOUND (22).
     */
    public Optional<CommittedOffset> queryCommitted(String address, String group, MessageQueue queue) {
        RemotingCommand request = RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .putExt("consumerGroup", group)
                .putExt("topic", queue.topic())
                .putExt("queueId", queue.queueId())
                .putExt("setZeroIfNotFound", false)
                .putExt("bname", queue.brokerName());
        RemotingCommand response = call(address, request, timeoutMs);
        if (response.code() == ResponseCode.QUERY_NOT_FOUND) {
            return Optional.empty();
        }
        ResponseErrors.requireSuccess("committed offset of " + group + " on " + queue, address, response);
        long offset = response.requireExtLong("offset");
        if (offset < 0) {
            return Optional.empty();
        }
        String metadata = response.ext(ExtensionFields.COMMIT_METADATA);
        return Optional.of(new CommittedOffset(offset, metadata == null ? "" : metadata));
    }

    /** UPDATE_CONSUMER_OFFSET (15), waiting for the broker's answer. */
    public void updateConsumerOffset(String address, String group, MessageQueue queue, long offset) {
        callOk("commit of " + group + " on " + queue, address, offsetUpdate(group, queue, offset));
    }

    /**
     * UPDATE_CONSUMER_OFFSET (15) with {@code metadata} in Sluice's extension field, waiting for the
     * broker's answer; a stock broker stores the offset and ignores the metadata.
     */
    public void updateConsumerOffset(String address, String group, MessageQueue queue, long offset, String metadata) {
        callOk(
                "commit of " + group + " on " + queue,
                address,
                offsetUpdate(group, queue, offset).putExt(ExtensionFields.COMMIT_METADATA, metadata));
    }

    /** UPDATE_CONSUMER_OFFSET (15) as ONEWAY, what the official clients send periodically. */
    public CompletableFuture<Void> updateConsumerOffsetOneway(
            String address, String group, MessageQueue queue, long offset) {
        return remoting.invokeOneway(address, offsetUpdate(group, queue, offset));
    }

    private static RemotingCommand offsetUpdate(String group, MessageQueue queue, long offset) {
        return RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                .putExt("consumerGroup", group)
                .putExt("topic", queue.topic())
                .putExt("queueId", queue.queueId())
                .putExt("commitOffset", offset)
                .putExt("bname", queue.brokerName());
    }

    /**
     * CONSUMER_SEND_MSG_BACK (36) with delay level 0 (the broker's backoff) for the message at
     * {@code logPosition} of {@code queue}, which {@code group} failed to consume, as the official
     * push consumer sends it (REMOTING.md 2.7).
     */
    public void sendBack(
            String address, String group, MessageQueue queue, long logPosition, String msgId, int maxReconsumeTimes) {
        RemotingCommand request = RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                .putExt("offset", logPosition)
                .putExt("group", group)
                .putExt("delayLevel", 0)
                .putExt("originMsgId", msgId)
                .putExt("originTopic", queue.topic())
                .putExt("unitMode", false)
                .putExt("maxReconsumeTimes", maxReconsumeTimes)
                .putExt("bname", queue.brokerName());
        callOk("send-back of " + msgId + " for group " + group, address, request);
    }

    /** GET_MAX_OFFSET (30): the queue's next offset to be written. */
    public long maxOffset(String address, MessageQueue queue) {
        return offsetCall(RequestCode.GET_MAX_OFFSET, "max offset", address, queue, null);
    }

    /** GET_MIN_OFFSET (31): the queue's first readable offset. */
    public long minOffset(String address, MessageQueue queue) {
        return offsetCall(RequestCode.GET_MIN_OFFSET, "min offset", address, queue, null);
    }

    /** SEARCH_OFFSET_BY_TIMESTAMP (29): first offset stored at or after {@code timestampMs}. */
    public long searchOffset(String address, MessageQueue queue, long timestampMs) {
        return offsetCall(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "offset search", address, queue, timestampMs);
    }

    private long offsetCall(int code, String what, String address, MessageQueue queue, Long timestamp) {
        RemotingCommand request = RemotingCommand.request(code)
                .putExt("topic", queue.topic())
                .putExt("queueId", queue.queueId())
                .putExt("timestamp", timestamp)
                .putExt("bname", queue.brokerName());
        return callOk(what + " of " + queue, address, request).requireExtLong("offset");
    }

    /** HEART_BEAT (34); returns the broker's version. */
    public int heartbeat(String address, HeartbeatData data) {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.HEART_BEAT).body(data.encode());
        return callOk("heartbeat", address, request).version();
    }

    /** UNREGISTER_CLIENT (35) for one producer or consumer group. */
    public void unregister(String address, String clientId, String producerGroup, String consumerGroup) {
        RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                .putExt("clientID", clientId)
                .putExt("producerGroup", producerGroup)
                .putExt("consumerGroup", consumerGroup);
        callOk("unregister of " + clientId, address, request);
    }

    /** GET_CONSUMER_LIST_BY_GROUP (38): the client ids of the group's live consumers. */
    public List<String> consumerIds(String address, String group) {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP).putExt("consumerGroup", group);
        RemotingCommand response = callOk("consumer list of " + group, address, request);
        return response.hasBody() ? ConsumerIdList.decode(response.bodyBytes()) : List.of();
    }

    /** UPDATE_AND_CREATE_TOPIC (17) with the 4.9.8 header keys. */
    public void createTopic(String address, TopicConfig topic) {
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .putExt("topic", topic.topicName())
                .putExt("defaultTopic", RouteTable.AUTO_CREATE_TOPIC)
                .putExt("readQueueNums", topic.readQueueNums())
                .putExt("writeQueueNums", topic.writeQueueNums())
                .putExt("perm", topic.perm())
                .putExt("topicFilterType", topic.filterType())
                .putExt("topicSysFlag", topic.topicSysFlag())
                .putExt("order", topic.order());
        callOk("creation of topic " + topic.topicName(), address, request);
    }

    /** GET_ALL_TOPIC_CONFIG (21). */
    public TopicConfigTable allTopicConfig(String address) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ALL_TOPIC_CONFIG);
        return TopicConfigTable.decode(callOk("topic configs", address, request).bodyBytes());
    }

    /** VIEW_MESSAGE_BY_ID (33): the message stored at {@code logPosition}. */
    public WireMessage viewMessage(String address, long logPosition) {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID).putExt("offset", logPosition);
        List<WireMessage> messages = StoredMessageDecoder.decodeAll(
                callOk("view of message at " + logPosition, address, request).body());
        if (messages.size() != 1) {
            throw new io.sluice.mq.client.ClientException(
                    "view of message at " + logPosition + " returned " + messages.size() + " records",
                    ResponseCode.SUCCESS,
                    null,
                    address);
        }
        return messages.get(0);
    }
}
