package io.sluice.mq.client.admin;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.RouteTable;
import io.sluice.mq.client.internal.TopicRoute;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.ClusterInfo;
import io.sluice.mq.protocol.body.Permission;
import io.sluice.mq.protocol.body.QueueData;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.body.TopicRouteData;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.remoting.RemotingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * mqadmin-style calls (REMOTING.md 6.5) over a {@link io.sluice.mq.client.MqClient}'s connections:
 * create topics, read routes, cluster info and topic configs, queue offsets, view a message by its
 * offset id, and a group's lag per queue. Thread-safe; owned by the client (nothing to close).
 */
public final class AdminClient {

    private final ClientContext context;

    /** Used by {@link io.sluice.mq.client.MqClient}. */
    public AdminClient(ClientContext context) {
        this.context = context;
    }

    /** Creates {@code name} with {@code queues} read and write queues on every writable master. */
    public Set<String> createTopic(String name, int queues) {
        return createTopic(NewTopic.of(name, queues));
    }

    /**
     * Sends UPDATE_AND_CREATE_TOPIC to every master of the topic's cluster, or of the auto-create
     * topic's route when no cluster is named. The route becomes visible once the brokers have
     * registered the topic with the nameservers (usually within a second).
     *
     * @return the broker addresses that created the topic
     */
    public Set<String> createTopic(NewTopic topic) {
        Set<String> targets = new TreeSet<>();
        if (topic.cluster() != null) {
            ClusterInfo cluster = clusterInfo();
            for (String brokerName : cluster.clusters().getOrDefault(topic.cluster(), Set.of())) {
                BrokerData broker = cluster.brokers().get(brokerName);
                if (broker != null && broker.masterAddress() != null) {
                    targets.add(broker.masterAddress());
                }
            }
        } else {
            TopicRouteData defaults = context.routes()
                    .fetch(RouteTable.AUTO_CREATE_TOPIC)
                    .orElseThrow(() -> new ClientException(
                            "no route for " + RouteTable.AUTO_CREATE_TOPIC + ": name a cluster", -1, null, null));
            TopicRoute route = TopicRoute.of(RouteTable.AUTO_CREATE_TOPIC, defaults);
            for (QueueData queues : defaults.queueDatas()) {
                String master = route.masterOf(queues.brokerName());
                if (Permission.writeable(queues.perm()) && master != null) {
                    targets.add(master);
                }
            }
        }
        if (targets.isEmpty()) {
            throw new ClientException("no master to create topic " + topic.name() + " on", -1, null, null);
        }
        for (String address : targets) {
            context.rpc().createTopic(address, topic.toConfig());
        }
        return targets;
    }

    /** The topic's route from the nameservers, fetched now; empty if they do not know it. */
    public Optional<TopicRouteData> topicRoute(String topic) {
        return context.routes().fetch(topic);
    }

    /** The readable queues of {@code topic}, sorted; fetched now. */
    public List<MessageQueue> queues(String topic) {
        return context.routes().refresh(topic).map(TopicRoute::subscribeQueues).orElse(List.of());
    }

    /** GET_BROKER_CLUSTER_INFO from the first nameserver that answers. */
    public ClusterInfo clusterInfo() {
        RemotingException last = null;
        for (String namesrv : context.routes().namesrvs()) {
            try {
                return context.rpc().clusterInfo(namesrv);
            } catch (RemotingException e) {
                last = e;
            }
        }
        throw new ClientException("no nameserver answered the cluster info request", last);
    }

    /** GET_ALL_TOPIC_CONFIG of the broker at {@code brokerAddress}. */
    public TopicConfigTable topicConfigs(String brokerAddress) {
        return context.rpc().allTopicConfig(brokerAddress);
    }

    /** The topic tables of every master in the cluster info, by broker name. */
    public Map<String, TopicConfigTable> allTopicConfigs() {
        Map<String, TopicConfigTable> tables = new TreeMap<>();
        for (BrokerData broker : clusterInfo().brokers().values()) {
            if (broker.masterAddress() != null) {
                tables.put(broker.brokerName(), topicConfigs(broker.masterAddress()));
            }
        }
        return tables;
    }

    public long minOffset(MessageQueue queue) {
        return context.rpc().minOffset(master(queue), queue);
    }

    public long maxOffset(MessageQueue queue) {
        return context.rpc().maxOffset(master(queue), queue);
    }

    /** The first offset of {@code queue} stored at or after {@code timestampMs}. */
    public long searchOffset(MessageQueue queue, long timestampMs) {
        return context.rpc().searchOffset(master(queue), queue, timestampMs);
    }

    /** The group's committed offset of {@code queue}; empty if none. */
    public OptionalLong committedOffset(String group, MessageQueue queue) {
        return context.rpc().queryConsumerOffset(master(queue), group, queue);
    }

    /**
     * The message with offset message id {@code offsetMsgId} (VIEW_MESSAGE_BY_ID to the store host
     * inside the id). Its queue names the broker by name when a cached route knows the address.
     */
    public ReceivedMessage viewMessage(String offsetMsgId) {
        MessageIds.OffsetId id = MessageIds.decode(offsetMsgId);
        String address = id.brokerAddress();
        String brokerName = context.routes().brokerNameOf(address);
        return ReceivedMessage.from(
                context.rpc().viewMessage(address, id.logPosition()), brokerName == null ? address : brokerName);
    }

    /** The lag of {@code group} on every readable queue of {@code topic}, sorted by queue. */
    public List<QueueLag> consumerLag(String group, String topic) {
        List<QueueLag> lags = new ArrayList<>();
        for (MessageQueue queue : context.routes().route(topic).subscribeQueues()) {
            String master = master(queue);
            long max = context.rpc().maxOffset(master, queue);
            OptionalLong committed = context.rpc().queryConsumerOffset(master, group, queue);
            long from = committed.isPresent()
                    ? committed.getAsLong()
                    : context.rpc().minOffset(master, queue);
            lags.add(new QueueLag(queue, committed, max, Math.max(0, max - from)));
        }
        return lags;
    }

    private String master(MessageQueue queue) {
        String address = context.routes().masterOf(queue.brokerName());
        if (address == null) {
            address = context.routes().route(queue.topic()).masterOf(queue.brokerName());
        }
        if (address == null) {
            throw new MqException("no master for " + queue);
        }
        return address;
    }
}
