package io.sluice.mq.client.internal;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.ConsumerData;
import io.sluice.mq.protocol.body.ConsumerRunningInfo;
import io.sluice.mq.protocol.body.HeartbeatData;
import io.sluice.mq.protocol.body.ResetOffsetBody;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.remoting.RemoteChannel;
import io.sluice.mq.remoting.RemotingClient;
import io.sluice.mq.remoting.RequestExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one client instance shares between its producers, consumers and admin calls: the
 * transport, the route table, the id generator, the scheduler and the registered group members,
 * plus the heartbeat and the broker-to-client NOTIFY handling. Owned by {@link
 * io.sluice.mq.client.MqClient}, which starts and closes it.
 *
 * <p>Thread-safe.
 */
public final class ClientContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientContext.class);

    private final ClientConfig config;
    private final Clock clock;
    private final RandomGenerator random;
    private final String clientId;
    private final ThreadFactory threadFactory;
    private final RemotingClient remoting;
    private final RequestExecutor notifyExecutor;
    private final RequestExecutor checkExecutor;
    private final ClientRpc rpc;
    private final AdminRpc adminRpc;
    private final RouteTable routes;
    private final UniqueIdGenerator ids;
    private final ScheduledThreadPoolExecutor scheduler;
    private final List<GroupMember> members = new CopyOnWriteArrayList<>();

    public ClientContext(ClientConfig config, Clock clock, RandomGenerator random) {
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.clientId = config.clientIp() + "@" + config.instanceName();
        String prefix = "sluice-client-" + config.instanceName().replace('#', '-');
        this.threadFactory = named(prefix);
        this.remoting = new RemotingClient(config.remoting(), clock, threadFactory, prefix + "-remoting");
        this.notifyExecutor = new RequestExecutor(prefix + "-notify", 1, 64, 10_000, clock, threadFactory);
        // Transaction checks run user code (the listener); one thread, a bounded backlog.
        this.checkExecutor = new RequestExecutor(prefix + "-check", 1, 2_000, 60_000, clock, threadFactory);
        this.rpc = new ClientRpc(remoting, config.requestTimeout().toMillis());
        this.adminRpc = new AdminRpc(rpc);
        this.routes = new RouteTable(rpc, config.namesrvAddresses());
        this.ids =
                new UniqueIdGenerator(config.clientIp(), ProcessHandle.current().pid(), random.nextInt(), clock);
        this.scheduler = new ScheduledThreadPoolExecutor(2, named(prefix + "-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** A thread factory whose daemon threads are named {@code prefix-N}. */
    public static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts the periodic route refresh, heartbeat and rebalance ticks, and the NOTIFY handler. */
    public void start() {
        remoting.registerProcessor(
                RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
                (context, request) -> onNotify(request.ext("consumerGroup")),
                notifyExecutor);
        remoting.registerProcessor(
                RequestCode.CHECK_TRANSACTION_STATE,
                (context, request) -> onTransactionCheck(context.channel(), request),
                checkExecutor);
        remoting.registerProcessor(
                RequestCode.RESET_CONSUMER_CLIENT_OFFSET, (context, request) -> onResetOffset(request), notifyExecutor);
        remoting.registerProcessor(
                RequestCode.GET_CONSUMER_RUNNING_INFO,
                (context, request) -> context.respond(runningInfo(request.requireExt("consumerGroup"))),
                notifyExecutor);
        long routeMs = config.routeRefreshInterval().toMillis();
        long heartbeatMs = config.heartbeatInterval().toMillis();
        long rebalanceMs = config.rebalanceInterval().toMillis();
        scheduler.scheduleWithFixedDelay(
                guarded("route refresh", routes::refreshAll), routeMs, routeMs, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                guarded("heartbeat", this::heartbeatAll), 1000, heartbeatMs, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                guarded("rebalance", this::rebalanceTick), rebalanceMs, rebalanceMs, TimeUnit.MILLISECONDS);
    }

    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - a failed tick must not stop later ticks
                LOG.warn("{} of client {} failed: {}", what, clientId, e.toString());
            }
        };
    }

    private void onNotify(String group) {
        for (GroupMember member : members) {
            ConsumerData data = member.consumerData();
            if (data != null && data.groupName().equals(group)) {
                scheduler.execute(guarded("rebalance of " + group, member::onConsumerIdsChanged));
            }
        }
    }

    /** Hands a broker's transaction check to the member of the half message's producer group. */
    private void onTransactionCheck(RemoteChannel channel, RemotingCommand request) {
        List<WireMessage> messages = StoredMessageDecoder.decodeAll(request.body());
        if (messages.size() != 1) {
            LOG.warn("transaction check from {} carries {} messages; ignored", channel, messages.size());
            return;
        }
        WireMessage message = messages.get(0);
        String group = message.property(MessageConst.PGROUP);
        for (GroupMember member : members) {
            if (group != null && group.equals(member.producerGroup())) {
                member.onTransactionCheck(channel, request, message);
                return;
            }
        }
        LOG.info("transaction check from {} for group {}, which this client does not produce for", channel, group);
    }

    /**
     * RESET_CONSUMER_CLIENT_OFFSET (220, header {@code topic}, {@code group}; body {@link
     * ResetOffsetBody}): hands the new offsets to the group's members. Oneway; no answer.
     */
    private void onResetOffset(RemotingCommand request) {
        String group = request.requireExt("group");
        String topic = request.requireExt("topic");
        if (!request.hasBody()) {
            LOG.warn("offset reset of group {} on {} without offsets; ignored", group, topic);
            return;
        }
        Map<MessageQueue, Long> offsets =
                ResetOffsetBody.decode(request.bodyBytes()).offsets();
        for (GroupMember member : members) {
            ConsumerData data = member.consumerData();
            if (data != null && data.groupName().equals(group)) {
                member.onResetOffset(topic, offsets);
            }
        }
    }

    /**
     * GET_CONSUMER_RUNNING_INFO (307, forwarded by a broker for an admin tool): the queues this
     * client's member of {@code group} holds, as {@link ConsumerRunningInfo}; 1 SYSTEM_ERROR when
     * this client has no member of the group (as the official client answers).
     */
    private RemotingCommand runningInfo(String group) {
        for (GroupMember member : members) {
            ConsumerData data = member.consumerData();
            if (data != null && data.groupName().equals(group)) {
                Map<String, String> properties = new TreeMap<>();
                properties.put("PROP_NAMESERVER_ADDR", String.join(";", config.namesrvAddresses()));
                properties.put("PROP_CONSUME_TYPE", data.consumeType());
                properties.put("PROP_CLIENT_ID", clientId);
                return RemotingCommand.success()
                        .body(new ConsumerRunningInfo(properties, member.heldQueues()).encode());
            }
        }
        return RemotingCommand.response(
                ResponseCode.SYSTEM_ERROR, "client " + clientId + " has no consumer of group " + group);
    }

    private void rebalanceTick() {
        for (GroupMember member : members) {
            member.onRebalanceTick();
        }
    }

    /** Adds a member; its topics' brokers are included in the next heartbeat. */
    public void register(GroupMember member) {
        members.add(member);
    }

    /** Removes a member and tells every master it heartbeated to that its group left. */
    public void unregister(GroupMember member) {
        members.remove(member);
        ConsumerData data = member.consumerData();
        for (String address : Set.copyOf(routes.masters().values())) {
            try {
                rpc.unregister(address, clientId, member.producerGroup(), data == null ? null : data.groupName());
            } catch (MqException e) {
                LOG.warn("unregistering {} from {} failed: {}", clientId, address, e.toString());
            }
        }
    }

    /** The heartbeat body of this client now. */
    public HeartbeatData heartbeatData() {
        Set<String> producers = new TreeSet<>();
        List<ConsumerData> consumers = new ArrayList<>();
        for (GroupMember member : members) {
            if (member.producerGroup() != null) {
                producers.add(member.producerGroup());
            }
            ConsumerData data = member.consumerData();
            if (data != null) {
                consumers.add(data);
            }
        }
        return new HeartbeatData(clientId, consumers, List.copyOf(producers));
    }

    /**
     * Sends a heartbeat to the master of every broker that hosts a topic of a member; failures
     * are logged per broker. Routes of members' topics are fetched first if not cached.
     */
    public void heartbeatAll() {
        for (GroupMember member : members) {
            for (String topic : member.topics()) {
                try {
                    routes.route(topic);
                } catch (MqException e) {
                    LOG.debug("no route for {} yet: {}", topic, e.getMessage());
                }
            }
        }
        HeartbeatData data = heartbeatData();
        if (data.consumers().isEmpty() && data.producerGroups().isEmpty()) {
            return;
        }
        for (Map.Entry<String, String> master : routes.masters().entrySet()) {
            try {
                rpc.heartbeat(master.getValue(), data);
            } catch (MqException e) {
                LOG.warn("heartbeat to {} at {} failed: {}", master.getKey(), master.getValue(), e.toString());
            }
        }
    }

    public ClientConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public RandomGenerator random() {
        return random;
    }

    /** {@code ip@instanceName}. */
    public String clientId() {
        return clientId;
    }

    public ThreadFactory threadFactory(String role) {
        return named("sluice-client-" + config.instanceName().replace('#', '-') + "-" + role);
    }

    public ClientRpc rpc() {
        return rpc;
    }

    /** Calls for queue locks, queries, consumer progress and offset resets. */
    public AdminRpc adminRpc() {
        return adminRpc;
    }

    public RouteTable routes() {
        return routes;
    }

    public UniqueIdGenerator ids() {
        return ids;
    }

    /** Shared scheduler for short background work (two threads). */
    public ScheduledThreadPoolExecutor scheduler() {
        return scheduler;
    }

    /** Stops background work and closes every connection. Members must have been closed first. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("scheduler of client {} did not stop within 5 s", clientId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        notifyExecutor.close();
        checkExecutor.close();
        remoting.close();
    }
}
