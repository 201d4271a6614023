package io.sluice.mq.namesrv;

import io.sluice.mq.common.Checks;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.ClusterInfo;
import io.sluice.mq.protocol.body.QueueData;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.body.TopicRouteData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The nameserver's whole state: which brokers are alive, which cluster each belongs to, and which
 * queues each broker serves for each topic. Pure state: no threads, no I/O, time passed in, so it
 * is tested without sockets or sleeps.
 *
 * <p>Registrations merge: a broker's report adds or updates the topics it lists and never removes
 * others, because RocketMQ 5 brokers send only the changed topics after creating one. A broker's
 * queues disappear when its last address is unregistered, expires, or loses its connection.
 *
 * <p>Thread-safe: one read-write lock; routes are read far more often than brokers register.
 */
public final class RouteTable {

    /**
     * One REGISTER_BROKER request.
     *
     * @param cluster the broker's cluster
     * @param brokerName the broker group
     * @param brokerAddr the "ip:port" clients use
     * @param brokerId 0 for a master
     * @param topics the topics it reports (only a master's are routed)
     * @param connection the connection it registered over, or null; identity is compared
     */
    public record Registration(
            String cluster,
            String brokerName,
            String brokerAddr,
            long brokerId,
            TopicConfigTable topics,
            Object connection) {

        public Registration {
            Checks.notNull(cluster, "clusterName");
            Checks.notNull(brokerName, "brokerName");
            Checks.notNull(brokerAddr, "brokerAddr");
            Checks.notNull(topics, "topics");
        }
    }

    private record Liveness(String brokerName, long lastUpdateNanos, Object connection) {}

    private record BrokerGroup(String cluster, TreeMap<Long, String> addresses) {}

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, BrokerGroup> brokers = new HashMap<>();
    private final Map<String, TreeSet<String>> clusters = new HashMap<>();
    private final Map<String, TreeMap<String, QueueData>> topicQueues = new HashMap<>();
    private final Map<String, Liveness> live = new HashMap<>();

    /** Records {@code registration}, seen at {@code nowNanos}. */
    public void register(Registration registration, long nowNanos) {
        lock.writeLock().lock();
        try {
            String name = registration.brokerName();
            String address = registration.brokerAddr();
            clusters.computeIfAbsent(registration.cluster(), key -> new TreeSet<>())
                    .add(name);
            BrokerGroup group =
                    brokers.computeIfAbsent(name, key -> new BrokerGroup(registration.cluster(), new TreeMap<>()));
            // One address holds one id: a slave promoted to master re-registers with id 0.
            group.addresses()
                    .entrySet()
                    .removeIf(entry -> entry.getValue().equals(address) && entry.getKey() != registration.brokerId());
            String replaced = group.addresses().put(registration.brokerId(), address);
            if (replaced != null && !replaced.equals(address)) {
                live.remove(replaced);
            }
            if (registration.brokerId() == BrokerData.MASTER_ID) {
                for (TopicConfig topic : registration.topics().topics().values()) {
                    topicQueues
                            .computeIfAbsent(topic.topicName(), key -> new TreeMap<>())
                            .put(
                                    name,
                                    new QueueData(
                                            name,
                                            topic.readQueueNums(),
                                            topic.writeQueueNums(),
                                            topic.perm(),
                                            topic.topicSysFlag()));
                }
            }
            live.put(address, new Liveness(name, nowNanos, registration.connection()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes one broker address (UNREGISTER_BROKER).
     *
     * @return whether the address was registered
     */
    public boolean unregister(String brokerName, String brokerAddr, long brokerId) {
        lock.writeLock().lock();
        try {
            boolean known = live.remove(brokerAddr) != null;
            BrokerGroup group = brokers.get(brokerName);
            if (group != null && brokerAddr.equals(group.addresses().get(brokerId))) {
                group.addresses().remove(brokerId);
                known = true;
                if (group.addresses().isEmpty()) {
                    removeGroup(brokerName, group);
                }
            }
            return known;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes every broker whose last registration is older than {@code timeoutNanos}.
     *
     * @return the removed addresses
     */
    public List<String> expire(long nowNanos, long timeoutNanos) {
        lock.writeLock().lock();
        try {
            List<String> expired = new ArrayList<>();
            for (Map.Entry<String, Liveness> entry : live.entrySet()) {
                if (nowNanos - entry.getValue().lastUpdateNanos() > timeoutNanos) {
                    expired.add(entry.getKey());
                }
            }
            expired.forEach(this::removeAddress);
            return expired;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes every broker that registered over {@code connection}, which closed.
     *
     * @return the removed addresses
     */
    public List<String> connectionClosed(Object connection) {
        lock.writeLock().lock();
        try {
            List<String> gone = new ArrayList<>();
            for (Map.Entry<String, Liveness> entry : live.entrySet()) {
                if (entry.getValue().connection() != null && entry.getValue().connection() == connection) {
                    gone.add(entry.getKey());
                }
            }
            gone.forEach(this::removeAddress);
            return gone;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removeAddress(String address) {
        Liveness liveness = live.remove(address);
        if (liveness == null) {
            return;
        }
        BrokerGroup group = brokers.get(liveness.brokerName());
        if (group != null) {
            group.addresses().values().removeIf(address::equals);
            if (group.addresses().isEmpty()) {
                removeGroup(liveness.brokerName(), group);
            }
        }
    }

    private void removeGroup(String brokerName, BrokerGroup group) {
        brokers.remove(brokerName);
        TreeSet<String> names = clusters.get(group.cluster());
        if (names != null) {
            names.remove(brokerName);
            if (names.isEmpty()) {
                clusters.remove(group.cluster());
            }
        }
        Iterator<Map.Entry<String, TreeMap<String, QueueData>>> topics =
                topicQueues.entrySet().iterator();
        while (topics.hasNext()) {
            TreeMap<String, QueueData> queues = topics.next().getValue();
            queues.remove(brokerName);
            if (queues.isEmpty()) {
                topics.remove();
            }
        }
    }

    /** Where {@code topic} lives, or empty when no live broker serves it. */
    public Optional<TopicRouteData> route(String topic) {
        lock.readLock().lock();
        try {
            TreeMap<String, QueueData> queues = topicQueues.get(topic);
            if (queues == null || queues.isEmpty()) {
                return Optional.empty();
            }
            List<BrokerData> brokerDatas = new ArrayList<>();
            for (String name : queues.keySet()) {
                BrokerGroup group = brokers.get(name);
                if (group != null) {
                    brokerDatas.add(new BrokerData(group.cluster(), name, group.addresses()));
                }
            }
            if (brokerDatas.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new TopicRouteData(null, new ArrayList<>(queues.values()), brokerDatas));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every broker group and the broker names of every cluster. */
    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, BrokerData> groups = new LinkedHashMap<>();
            brokers.forEach(
                    (name, group) -> groups.put(name, new BrokerData(group.cluster(), name, group.addresses())));
            Map<String, Set<String>> clusterNames = new LinkedHashMap<>();
            clusters.forEach((cluster, names) -> clusterNames.put(cluster, Set.copyOf(names)));
            return new ClusterInfo(groups, clusterNames);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Removes {@code topic}'s queues (DELETE_TOPIC_IN_NAMESRV): of the brokers of {@code cluster},
     * or of every broker when it is null. A broker that still has the topic brings it back with its
     * next registration, so brokers delete first.
     *
     * @return whether any queues were removed
     */
    public boolean deleteTopic(String topic, String cluster) {
        lock.writeLock().lock();
        try {
            TreeMap<String, QueueData> queues = topicQueues.get(topic);
            if (queues == null) {
                return false;
            }
            boolean removed;
            if (cluster == null) {
                removed = !queues.isEmpty();
                queues.clear();
            } else {
                Set<String> names = clusters.getOrDefault(cluster, new TreeSet<>());
                removed = queues.keySet().removeAll(names);
            }
            if (queues.isEmpty()) {
                topicQueues.remove(topic);
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Every routed topic. */
    public Set<String> topics() {
        lock.readLock().lock();
        try {
            return Set.copyOf(topicQueues.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The addresses of every live broker. */
    public Set<String> liveBrokers() {
        lock.readLock().lock();
        try {
            return Set.copyOf(live.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }
}
