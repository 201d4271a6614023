package io.sluice.mq.client.admin;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.consumer.CommittedOffset;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.PullRequest;
import io.sluice.mq.client.internal.PullResult;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.client.internal.RouteTable;
import io.sluice.mq.client.internal.TopicRoute;
import io.sluice.mq.common.Checks;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.ClientConnection;
import io.sluice.mq.protocol.body.ClusterInfo;
import io.sluice.mq.protocol.body.ConsumeStatsBody;
import io.sluice.mq.protocol.body.ConsumerConnectionBody;
import io.sluice.mq.protocol.body.Permission;
import io.sluice.mq.protocol.body.QueueData;
import io.sluice.mq.protocol.body.SubscriptionGroupConfig;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.body.TopicRouteData;
import io.sluice.mq.protocol.body.TopicStatsBody;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.remoting.RemotingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mqadmin-style calls (REMOTING.md 6.5) over a {@link io.sluice.mq.client.MqClient}'s connections:
 * create topics, read routes, cluster info and topic configs, queue offsets, view a message by its
 * id, query messages by key and time, a group's lag per queue in messages and seconds, and offset
 * resets by time with the group online. Thread-safe; owned by the client (nothing to close).
 */
public final class AdminClient {

    private static final Logger LOG = LoggerFactory.getLogger(AdminClient.class);

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
        throw new ClientException(
                "no nameserver of " + context.routes().namesrvs() + " answered the cluster info request", last);
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

    /** The group's committed offset of {@code queue} with its commit metadata; empty if none. */
    public Optional<CommittedOffset> committed(String group, MessageQueue queue) {
        return context.rpc().queryCommitted(master(queue), group, queue);
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

    /**
     * The lag of {@code group} on every readable queue of {@code topic}, sorted by queue. Offsets
     * come from the queue and offset requests every broker answers; the age in seconds from
     * GET_CONSUME_STATS when the broker answers it (-1 otherwise).
     */
    public List<QueueLag> consumerLag(String group, String topic) {
        TopicRoute route = context.routes().route(topic);
        Map<MessageQueue, ConsumeStatsBody.Entry> stats = new HashMap<>();
        for (String master : new TreeSet<>(route.masters().values())) {
            try {
                for (ConsumeStatsBody.Entry entry :
                        context.adminRpc().consumeStats(master, group, topic).queues()) {
                    stats.put(entry.queue(), entry);
                }
            } catch (MqException e) {
                LOG.debug("no consume stats of {} from {}: {}", group, master, e.toString());
            }
        }
        List<QueueLag> lags = new ArrayList<>();
        long now = context.clock().nowMs();
        for (MessageQueue queue : route.subscribeQueues()) {
            String master = master(queue);
            long max = context.rpc().maxOffset(master, queue);
            OptionalLong committed = context.rpc().queryConsumerOffset(master, group, queue);
            long from = committed.isPresent()
                    ? committed.getAsLong()
                    : context.rpc().minOffset(master, queue);
            long lag = Math.max(0, max - from);
            ConsumeStatsBody.Entry entry = stats.get(queue);
            long seconds = entry == null ? -1 : lagSeconds(lag, entry, now);
            lags.add(new QueueLag(queue, committed, max, lag, seconds));
        }
        return lags;
    }

    /**
     * Progress of {@code group} on every queue of every topic it consumes (retry topics included),
     * from GET_CONSUME_STATS of every master in the cluster: broker offset, committed offset, lag
     * in messages and in seconds. Sorted by queue; empty if no broker knows the group.
     */
    public List<QueueLag> consumerProgress(String group) {
        return groupProgress(group).queues();
    }

    /**
     * As {@link #consumerProgress}, with the messages in flight per queue and the group's consume
     * rate (the sum of every master's; measured if any master measured it).
     */
    public GroupProgress groupProgress(String group) {
        List<QueueLag> progress = new ArrayList<>();
        long now = context.clock().nowMs();
        double tps = 0;
        boolean measured = false;
        for (String master : allMasters()) {
            ConsumeStatsBody stats = context.adminRpc().consumeStats(master, group, null);
            tps += stats.consumeTps();
            measured |= stats.tpsWindowMs() != 0; // -1: a RocketMQ broker, which measures its own minute
            for (ConsumeStatsBody.Entry entry : stats.queues()) {
                long lag = Math.max(0, entry.brokerOffset() - entry.consumerOffset());
                progress.add(new QueueLag(
                        entry.queue(),
                        OptionalLong.of(entry.consumerOffset()),
                        entry.brokerOffset(),
                        lag,
                        lagSeconds(lag, entry, now),
                        entry.lastTimestamp(),
                        entry.inflight()));
            }
        }
        progress.sort((a, b) -> a.queue().compareTo(b.queue()));
        return new GroupProgress(progress, tps, measured);
    }

    /**
     * Which online consumer of {@code group} holds which queue: the group's connections on every
     * master, then GET_CONSUMER_RUNNING_INFO to each consumer through a broker it is connected to
     * (what mqadmin's {@code consumerProgress -s} does). A consumer that does not answer is listed
     * in {@link QueueOwners#unanswered()} instead of failing the call.
     */
    public QueueOwners queueOwners(String group) {
        Map<MessageQueue, String> owners = new TreeMap<>();
        Map<String, String> unanswered = new TreeMap<>();
        Set<String> asked = new TreeSet<>();
        for (String master : allMasters()) {
            Optional<ConsumerConnectionBody> online = context.adminRpc().consumerConnections(master, group);
            for (ClientConnection member :
                    online.map(ConsumerConnectionBody::connections).orElse(List.of())) {
                if (!asked.add(member.clientId())) {
                    continue;
                }
                try {
                    context.adminRpc()
                            .consumerRunningInfo(master, group, member.clientId())
                            .queues()
                            .keySet()
                            .forEach(queue -> owners.putIfAbsent(queue, member.clientId()));
                } catch (MqException e) {
                    unanswered.put(member.clientId(), e.getMessage());
                }
            }
        }
        return new QueueOwners(owners, unanswered);
    }

    /** The consumer groups of {@code topic} on its masters (QUERY_TOPIC_CONSUME_BY_WHO), sorted. */
    public Set<String> topicConsumers(String topic) {
        Set<String> groups = new TreeSet<>();
        for (String master :
                new TreeSet<>(context.routes().route(topic).masters().values())) {
            groups.addAll(context.adminRpc().topicConsumers(master, topic));
        }
        return groups;
    }

    private static long lagSeconds(long lag, ConsumeStatsBody.Entry entry, long nowMs) {
        if (lag == 0) {
            return 0;
        }
        long since = entry.oldestUnconsumedTimestamp() > 0 ? entry.oldestUnconsumedTimestamp() : entry.lastTimestamp();
        return since > 0 ? Math.max(0, (nowMs - since) / 1000) : -1;
    }

    /**
     * Moves {@code group}'s offsets on {@code topic} to the first message stored at or after
     * {@code timestampMs} on every master of the topic (INVOKE_BROKER_TO_RESET_OFFSET, forced: also
     * forwards). Online members of the group are told by their brokers and continue from there.
     *
     * @return the new offsets, by queue
     */
    public Map<MessageQueue, Long> resetOffsetByTime(String group, String topic, long timestampMs) {
        return resetOffsetByTime(group, topic, timestampMs, true);
    }

    /** As {@link #resetOffsetByTime(String, String, long)}; unforced, offsets only move backwards. */
    public Map<MessageQueue, Long> resetOffsetByTime(String group, String topic, long timestampMs, boolean force) {
        Map<MessageQueue, Long> offsets = new TreeMap<>();
        for (String master :
                new TreeSet<>(context.routes().route(topic).masters().values())) {
            offsets.putAll(context.adminRpc().resetOffset(master, group, topic, timestampMs, force));
        }
        return offsets;
    }

    /**
     * Messages of {@code topic} whose key ({@code KEYS}, space-separated) or message id equals
     * {@code key}, stored within [{@code beginMs}, {@code endMs}], from every master (QUERY_MESSAGE);
     * at most {@code maxResults}, newest first.
     */
    public List<ReceivedMessage> queryByKey(String topic, String key, long beginMs, long endMs, int maxResults) {
        Checks.argument(maxResults > 0, "maxResults must be positive, was %s", maxResults);
        return query(topic, key, beginMs, endMs, maxResults, false);
    }

    /**
     * The message with id {@code msgId}: the producer's unique id (looked up with a unique-key
     * QUERY_MESSAGE on the topic's masters) or, if none matches, the broker's offset id
     * (VIEW_MESSAGE_BY_ID).
     */
    public ReceivedMessage viewById(String topic, String msgId) {
        List<ReceivedMessage> found = query(topic, msgId, 0, Long.MAX_VALUE, 32, true);
        if (!found.isEmpty()) {
            return found.get(found.size() - 1); // the first stored; later ones are retries' copies
        }
        return viewMessage(msgId);
    }

    private List<ReceivedMessage> query(
            String topic, String key, long beginMs, long endMs, int maxResults, boolean uniqueKey) {
        TopicRoute route = context.routes().route(topic);
        List<ReceivedMessage> found = new ArrayList<>();
        for (Map.Entry<String, String> master : new TreeMap<>(route.masters()).entrySet()) {
            for (WireMessage wire :
                    context.adminRpc().query(master.getValue(), topic, key, maxResults, beginMs, endMs, uniqueKey)) {
                ReceivedMessage message = ReceivedMessage.from(wire, master.getKey());
                // The index is a hash index over keys and ids alike: keep exact matches only.
                boolean matches =
                        uniqueKey ? key.equals(message.msgId()) : message.keys().contains(key);
                if (matches && message.storeTimestamp() >= beginMs && message.storeTimestamp() <= endMs) {
                    found.add(message);
                }
            }
        }
        found.sort((a, b) -> Long.compare(b.storeTimestamp(), a.storeTimestamp()));
        return found.size() > maxResults ? List.copyOf(found.subList(0, maxResults)) : found;
    }

    /** Every topic the nameservers route (GET_ALL_TOPIC_LIST_FROM_NAMESERVER), sorted. */
    public Set<String> topicList() {
        return onFirstNamesrv("topic list", namesrv -> context.adminRpc().topicList(namesrv));
    }

    /** Min and max offset and last store time of every queue of {@code topic}, sorted by queue. */
    public List<TopicStatsBody.Entry> topicStats(String topic) {
        List<TopicStatsBody.Entry> entries = new ArrayList<>();
        for (String master :
                new TreeSet<>(context.routes().route(topic).masters().values())) {
            entries.addAll(context.adminRpc().topicStats(master, topic).queues());
        }
        entries.sort((a, b) -> a.queue().compareTo(b.queue()));
        return entries;
    }

    /**
     * The master addresses of every broker of {@code cluster}, sorted.
     *
     * @throws ClientException naming the cluster if the nameservers know no master of it
     */
    public List<String> clusterMasters(String cluster) {
        ClusterInfo info = clusterInfo();
        Set<String> masters = new TreeSet<>();
        for (String brokerName : info.clusters().getOrDefault(cluster, Set.of())) {
            BrokerData broker = info.brokers().get(brokerName);
            if (broker != null && broker.masterAddress() != null) {
                masters.add(broker.masterAddress());
            }
        }
        if (masters.isEmpty()) {
            throw new ClientException(
                    "cluster " + cluster + " is unknown to the nameservers (known: "
                            + info.clusters().keySet() + ")",
                    -1,
                    null,
                    null);
        }
        return List.copyOf(masters);
    }

    /** UPDATE_AND_CREATE_TOPIC on the broker at {@code brokerAddress} only. */
    public void createTopicAt(String brokerAddress, NewTopic topic) {
        context.rpc().createTopic(brokerAddress, topic.toConfig());
    }

    /**
     * Deletes {@code topic} from every master of {@code cluster} (DELETE_TOPIC_IN_BROKER), then from
     * every nameserver (DELETE_TOPIC_IN_NAMESRV).
     *
     * @return the broker addresses it was deleted from
     */
    public List<String> deleteTopic(String topic, String cluster) {
        List<String> masters = clusterMasters(cluster);
        for (String master : masters) {
            context.adminRpc().deleteTopicInBroker(master, topic);
        }
        for (String namesrv : context.routes().namesrvs()) {
            context.adminRpc().deleteTopicInNamesrv(namesrv, topic, cluster);
        }
        return masters;
    }

    /** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP on the broker at {@code brokerAddress}. */
    public void createSubscriptionGroup(String brokerAddress, SubscriptionGroupConfig config) {
        context.adminRpc().createSubscriptionGroup(brokerAddress, config);
    }

    /** DELETE_SUBSCRIPTIONGROUP on the broker at {@code brokerAddress}. */
    public void deleteSubscriptionGroup(String brokerAddress, String group) {
        context.adminRpc().deleteSubscriptionGroup(brokerAddress, group);
    }

    /** GET_BROKER_RUNTIME_INFO of the broker at {@code brokerAddress}, sorted by key. */
    public Map<String, String> brokerRuntimeInfo(String brokerAddress) {
        return new TreeMap<>(context.adminRpc().runtimeInfo(brokerAddress));
    }

    /** GET_BROKER_CONFIG of the broker at {@code brokerAddress}, sorted by key. */
    public Map<String, String> brokerConfig(String brokerAddress) {
        return new TreeMap<>(context.adminRpc().brokerConfig(brokerAddress));
    }

    /** UPDATE_BROKER_CONFIG of the broker at {@code brokerAddress}. */
    public void updateBrokerConfig(String brokerAddress, Map<String, String> updates) {
        context.adminRpc().updateBrokerConfig(brokerAddress, updates);
    }

    /**
     * The online members of consumer group {@code group}, merged from every master of the cluster
     * info; empty when no broker has it online.
     */
    public Optional<ConsumerConnectionBody> consumerConnections(String group) {
        ConsumerConnectionBody merged = null;
        Map<String, ClientConnection> connections = new TreeMap<>();
        for (String master : allMasters()) {
            Optional<ConsumerConnectionBody> found = context.adminRpc().consumerConnections(master, group);
            if (found.isPresent()) {
                merged = merged == null ? found.get() : merged;
                found.get().connections().forEach(c -> connections.putIfAbsent(c.clientId(), c));
            }
        }
        if (merged == null) {
            return Optional.empty();
        }
        return Optional.of(new ConsumerConnectionBody(
                List.copyOf(connections.values()),
                merged.subscriptions(),
                merged.consumeType(),
                merged.messageModel(),
                merged.consumeFromWhere()));
    }

    /** The online members of producer group {@code group} on the masters of {@code topic}. */
    public List<ClientConnection> producerConnections(String group, String topic) {
        Map<String, ClientConnection> connections = new TreeMap<>();
        for (String master :
                new TreeSet<>(context.routes().route(topic).masters().values())) {
            context.adminRpc().producerConnections(master, group).ifPresent(body -> body.connections()
                    .forEach(c -> connections.putIfAbsent(c.clientId(), c)));
        }
        return List.copyOf(connections.values());
    }

    /**
     * Up to {@code maxMessages} messages of {@code queue} from {@code offset} (PULL_MESSAGE as
     * consumer group {@code group}, which commits nothing), without holding the pull.
     */
    public QueueRead read(String group, MessageQueue queue, long offset, int maxMessages) {
        Checks.argument(maxMessages > 0, "maxMessages must be positive, was %s", maxMessages);
        String master = master(queue);
        long timeout = context.config().requestTimeout().toMillis();
        PullRequest pull =
                new PullRequest(group, queue, offset, maxMessages, PullRequest.FLAG_SUBSCRIPTION, 0, 0, "*", "TAG");
        PullResult result;
        try {
            result = context.rpc().pull(master, pull, timeout).get(timeout + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw ResponseErrors.rethrowable(e);
        } catch (TimeoutException e) {
            throw new ClientException("read of " + queue + " at " + master + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while reading " + queue, e);
        }
        List<ReceivedMessage> messages = new ArrayList<>();
        for (WireMessage wire : result.messages()) {
            messages.add(ReceivedMessage.from(wire, queue.brokerName()));
        }
        return new QueueRead(messages, result.nextBeginOffset(), result.minOffset(), result.maxOffset());
    }

    private List<String> allMasters() {
        Set<String> masters = new TreeSet<>();
        for (BrokerData broker : clusterInfo().brokers().values()) {
            if (broker.masterAddress() != null) {
                masters.add(broker.masterAddress());
            }
        }
        return List.copyOf(masters);
    }

    private <T> T onFirstNamesrv(String what, java.util.function.Function<String, T> call) {
        RemotingException last = null;
        for (String namesrv : context.routes().namesrvs()) {
            try {
                return call.apply(namesrv);
            } catch (RemotingException e) {
                last = e;
            }
        }
        throw new ClientException(
                "no nameserver of " + context.routes().namesrvs() + " answered the " + what + " request", last);
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
