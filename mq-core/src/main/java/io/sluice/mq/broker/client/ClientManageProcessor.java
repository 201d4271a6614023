package io.sluice.mq.broker.client;

import io.sluice.mq.broker.topic.TopicAutoCreator;
import io.sluice.mq.broker.topic.TopicNames;
import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.ConsumerData;
import io.sluice.mq.protocol.body.ConsumerIdList;
import io.sluice.mq.protocol.body.HeartbeatData;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client membership requests (REMOTING.md 2.6): HEART_BEAT, UNREGISTER_CLIENT and
 * GET_CONSUMER_LIST_BY_GROUP. A heartbeat registers the connection for each of the client's
 * producer and consumer groups, creates the consumer group and its {@code %RETRY%} topic when
 * missing, and notifies the group's members when its membership or topics changed. Thread-safe.
 */
public final class ClientManageProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ClientManageProcessor.class);

    private final ClientRegistry registry;
    private final ConsumerIdsNotifier notifier;
    private final SubscriptionGroups groups;
    private final TopicAutoCreator topicCreator;
    private final Clock clock;

    public ClientManageProcessor(
            ClientRegistry registry,
            ConsumerIdsNotifier notifier,
            SubscriptionGroups groups,
            TopicAutoCreator topicCreator,
            Clock clock) {
        this.registry = registry;
        this.notifier = notifier;
        this.groups = groups;
        this.topicCreator = topicCreator;
        this.clock = clock;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        switch (request.code()) {
            case RequestCode.HEART_BEAT -> heartbeat(context, request);
            case RequestCode.UNREGISTER_CLIENT -> unregister(context, request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> context.respond(consumerList(request));
            default ->
                context.respond(RemotingCommand.response(
                        ResponseCode.REQUEST_CODE_NOT_SUPPORTED, " request type " + request.code() + " not supported"));
        }
    }

    private void heartbeat(RequestContext context, RemotingCommand request) {
        HeartbeatData heartbeat = HeartbeatData.decode(request.bodyBytes());
        ClientChannel client = new ClientChannel(
                context.channel(), heartbeat.clientId(), request.language(), request.version(), clock.nanoTime());
        for (ConsumerData consumer : heartbeat.consumers()) {
            String group = consumer.groupName();
            if (groups.ensure(group)) {
                ensureRetryTopic(group);
            }
            if (registry.registerConsumer(consumer, client)) {
                LOG.info("consumer group {} changed: {} joined or changed its subscriptions", group, client.clientId());
                notifier.notifyGroup(group);
            }
        }
        for (String group : heartbeat.producerGroups()) {
            registry.registerProducer(group, client);
        }
        context.respond(RemotingCommand.success());
    }

    private void ensureRetryTopic(String group) {
        String retryTopic = TopicNames.retryTopic(group);
        String invalid = TopicNames.invalidReason(retryTopic);
        if (invalid != null) {
            LOG.warn("consumer group {} gets no retry topic: {}", group, invalid);
            return;
        }
        topicCreator.retryTopic(retryTopic);
    }

    private void unregister(RequestContext context, RemotingCommand request) {
        request.requireExt("clientID");
        String producerGroup = request.ext("producerGroup");
        if (producerGroup != null) {
            registry.unregisterProducer(producerGroup, context.channel());
        }
        String consumerGroup = request.ext("consumerGroup");
        if (consumerGroup != null && registry.unregisterConsumer(consumerGroup, context.channel())) {
            LOG.info("consumer {} left group {}", request.ext("clientID"), consumerGroup);
            notifier.notifyGroup(consumerGroup);
        }
        context.respond(RemotingCommand.success());
    }

    private RemotingCommand consumerList(RemotingCommand request) {
        String group = request.requireExt("consumerGroup");
        ConsumerGroupInfo info = registry.consumerGroup(group);
        List<String> ids = info == null ? List.of() : info.clientIds();
        if (ids.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + group);
        }
        return RemotingCommand.success().body(ConsumerIdList.encode(ids));
    }
}
