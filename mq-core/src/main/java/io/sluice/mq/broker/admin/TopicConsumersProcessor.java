package io.sluice.mq.broker.admin;

import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.broker.client.ConsumerGroupInfo;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.body.GroupList;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import java.util.Set;
import java.util.TreeSet;

/**
 * QUERY_TOPIC_CONSUME_BY_WHO (300, header {@code topic}): the consumer groups of a topic on this
 * broker, as RocketMQ answers it — groups with an online member subscribed to the topic, plus groups
 * that committed an offset on one of its queues (so a group that is offline now still shows).
 * Answer: {@link GroupList}, empty for a topic nobody consumes (RocketMQ answers 0 then too). Reads
 * the registry and an offset snapshot; O(groups + committed queues). Thread-safe.
 */
final class TopicConsumersProcessor implements RequestProcessor {

    private final ClientRegistry clients;
    private final FileMessageStore store;

    TopicConsumersProcessor(ClientRegistry clients, FileMessageStore store) {
        this.clients = clients;
        this.store = store;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        String topic = request.requireExt("topic");
        Set<String> groups = new TreeSet<>();
        for (ConsumerGroupInfo group : clients.consumerGroups()) {
            if (group.subscription(topic) != null) {
                groups.add(group.group());
            }
        }
        groups.addAll(store.groupsWithOffsets(topic));
        context.respond(RemotingCommand.success().body(GroupList.encode(groups)));
    }
}
