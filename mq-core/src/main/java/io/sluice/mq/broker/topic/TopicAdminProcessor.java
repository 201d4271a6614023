package io.sluice.mq.broker.topic;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.json.JsonWriter;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Topic administration (REMOTING.md 2.10): UPDATE_AND_CREATE_TOPIC, GET_ALL_TOPIC_CONFIG, the 5.x
 * admin request GET_TOPIC_CONFIG and DELETE_TOPIC_IN_BROKER. A created or changed topic is registered with the nameservers
 * before the request is answered, so a route query right after the answer finds it; the answer
 * never waits on a pool thread for that. Thread-safe.
 */
public final class TopicAdminProcessor implements RequestProcessor {

    /** Most queues a topic may have on one broker. */
    public static final int MAX_QUEUE_NUMS = 1024;

    private static final Set<String> FILTER_TYPES = Set.of(TopicConfig.SINGLE_TAG, "MULTI_TAG");

    private final TopicTable topics;
    private final Supplier<CompletableFuture<Void>> registerWithNameServers;

    /**
     * @param topics the broker's topics
     * @param registerWithNameServers starts a registration with every nameserver; the future
     *     completes when all answered or timed out (never exceptionally)
     */
    public TopicAdminProcessor(TopicTable topics, Supplier<CompletableFuture<Void>> registerWithNameServers) {
        this.topics = topics;
        this.registerWithNameServers = registerWithNameServers;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> createOrUpdate(context, request);
            case RequestCode.GET_ALL_TOPIC_CONFIG ->
                context.respond(RemotingCommand.success().body(topics.snapshot().encode()));
            case RequestCode.GET_TOPIC_CONFIG -> context.respond(topicConfig(request));
            case RequestCode.DELETE_TOPIC_IN_BROKER -> delete(context, request.requireExt("topic"));
            default ->
                context.respond(RemotingCommand.response(
                        ResponseCode.REQUEST_CODE_NOT_SUPPORTED, " request type " + request.code() + " not supported"));
        }
    }

    private void createOrUpdate(RequestContext context, RemotingCommand request) {
        String topic = request.requireExt("topic");
        int readQueues = request.requireExtInt("readQueueNums");
        int writeQueues = request.requireExtInt("writeQueueNums");
        int perm = request.requireExtInt("perm");
        String filterType =
                request.ext("topicFilterType") == null ? TopicConfig.SINGLE_TAG : request.ext("topicFilterType");
        String invalid = TopicNames.invalidReason(topic);
        if (invalid == null && TopicNames.isSendForbidden(topic)) {
            context.respond(RemotingCommand.response(
                    ResponseCode.NO_PERMISSION, "the topic[" + topic + "] is conflict with system topic"));
            return;
        }
        if (invalid == null) {
            invalid = invalidQueues(readQueues, writeQueues, perm, filterType);
        }
        if (invalid != null) {
            context.respond(RemotingCommand.response(ResponseCode.INVALID_PARAMETER, invalid));
            return;
        }
        topics.put(new TopicConfig(
                topic,
                readQueues,
                writeQueues,
                perm,
                filterType,
                request.extInt("topicSysFlag", 0),
                request.extBoolean("order", false)));
        registerWithNameServers.get().whenComplete((ignored, error) -> context.respond(RemotingCommand.success()));
    }

    /**
     * DELETE_TOPIC_IN_BROKER (215): forgets the topic (idempotent, as in RocketMQ) and re-registers
     * with the nameservers; its stored messages and offsets age out with retention. System topics
     * are refused with 16 NO_PERMISSION.
     */
    private void delete(RequestContext context, String topic) {
        if (TopicNames.isSendForbidden(topic) || TopicNames.AUTO_CREATE_TOPIC_KEY.equals(topic)) {
            context.respond(RemotingCommand.response(
                    ResponseCode.NO_PERMISSION, "the topic[" + topic + "] is a system topic and cannot be deleted"));
            return;
        }
        if (!topics.remove(topic)) {
            context.respond(RemotingCommand.success());
            return;
        }
        registerWithNameServers.get().whenComplete((ignored, error) -> context.respond(RemotingCommand.success()));
    }

    private static String invalidQueues(int readQueues, int writeQueues, int perm, String filterType) {
        if (readQueues < 0 || readQueues > MAX_QUEUE_NUMS || writeQueues < 0 || writeQueues > MAX_QUEUE_NUMS) {
            return "readQueueNums " + readQueues + " and writeQueueNums " + writeQueues + " must be within [0, "
                    + MAX_QUEUE_NUMS + "]";
        }
        if (readQueues == 0 && writeQueues == 0) {
            return "a topic needs at least one read or write queue";
        }
        if (perm < 0 || perm > 15) {
            return "perm " + perm + " is not a combination of 8 (priority), 4 (read), 2 (write) and 1 (inherit)";
        }
        if (!FILTER_TYPES.contains(filterType)) {
            return "topicFilterType " + filterType + " is not one of " + FILTER_TYPES;
        }
        return null;
    }

    private RemotingCommand topicConfig(RemotingCommand request) {
        String topic = request.requireExt("topic");
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "No topic in this broker. topic: " + topic);
        }
        return RemotingCommand.success().body(JsonWriter.write(config).getBytes(StandardCharsets.UTF_8));
    }
}
