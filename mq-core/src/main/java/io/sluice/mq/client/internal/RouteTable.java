package io.sluice.mq.client.internal;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.RetriableClientException;
import io.sluice.mq.common.MqException;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.TopicRouteData;
import io.sluice.mq.remoting.RemotingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's cache of topic routes, fetched from the nameservers on first use, again on demand
 * and by {@link #refreshAll()} (every 30 s by default). Producers of a topic the nameservers do
 * not know yet get a route derived from the auto-create topic {@value #AUTO_CREATE_TOPIC}
 * (REMOTING.md 4.1) until the broker has registered the topic. Thread-safe.
 */
public final class RouteTable {

    /** The broker's default topic that new topics are created from. */
    public static final String AUTO_CREATE_TOPIC = "TBW102";
    /** Queues per broker for auto-created topics, the official producer's default. */
    public static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;
    /** Most topics a client keeps routes for; beyond it, lookups still work but are not cached. */
    public static final int MAX_TOPICS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    private final ClientRpc rpc;
    private final List<String> namesrvs;
    private final AtomicInteger namesrvIndex = new AtomicInteger();
    private final Map<String, TopicRoute> routes = new ConcurrentHashMap<>();
    private final Map<String, TopicRoute> viaDefaultTopic = new ConcurrentHashMap<>();

    public RouteTable(ClientRpc rpc, List<String> namesrvs) {
        this.rpc = rpc;
        this.namesrvs = List.copyOf(namesrvs);
    }

    /** The cached route of {@code topic}, fetching it if absent; TOPIC_NOT_EXIST if unknown. */
    public TopicRoute route(String topic) {
        TopicRoute cached = routes.get(topic);
        return cached != null ? cached : refresh(topic).orElseThrow(() -> notFound(topic));
    }

    /**
     * Fetches {@code topic}'s route now and caches it. When the nameservers do not know the topic,
     * a cached route is kept and returned, as the official clients keep theirs: a nameserver that
     * just restarted knows no topic until the brokers register again (up to {@code
     * registerNameServerPeriod}), while the brokers serve on. Empty if no route was ever known.
     */
    public Optional<TopicRoute> refresh(String topic) {
        Optional<TopicRouteData> data = fetch(topic);
        if (data.isEmpty()) {
            TopicRoute cached = routes.get(topic);
            if (cached != null) {
                LOG.warn("the nameservers do not know topic {} now; keeping its cached route", topic);
            }
            return Optional.ofNullable(cached);
        }
        TopicRoute route = TopicRoute.of(topic, data.get());
        if (routes.size() < MAX_TOPICS || routes.containsKey(topic)) {
            routes.put(topic, route);
        }
        viaDefaultTopic.remove(topic);
        return Optional.of(route);
    }

    /**
     * The route a producer sends {@code topic} with: its own when it has writable queues, else
     * (and flagged by {@link #isViaDefaultTopic}) one derived from {@value #AUTO_CREATE_TOPIC}.
     */
    public TopicRoute publishRoute(String topic) {
        TopicRoute own = routes.get(topic);
        if (own != null && !own.publishQueues().isEmpty()) {
            return own;
        }
        TopicRoute derived = viaDefaultTopic.get(topic);
        if (derived != null) {
            return derived;
        }
        Optional<TopicRoute> fetched = refresh(topic);
        if (fetched.isPresent() && !fetched.get().publishQueues().isEmpty()) {
            return fetched.get();
        }
        TopicRouteData defaults = fetch(AUTO_CREATE_TOPIC).orElseThrow(() -> notFound(topic));
        TopicRoute route = TopicRoute.fromDefaultTopic(topic, defaults, DEFAULT_TOPIC_QUEUE_NUMS);
        if (route.publishQueues().isEmpty()) {
            throw notFound(topic);
        }
        if (viaDefaultTopic.size() < MAX_TOPICS) {
            viaDefaultTopic.put(topic, route);
        }
        return route;
    }

    /** Whether {@code route} was derived from the auto-create topic. */
    public boolean isViaDefaultTopic(TopicRoute route) {
        return viaDefaultTopic.get(route.topic()) == route;
    }

    /** Fetches every cached route again; failures are logged and the old route kept. */
    public void refreshAll() {
        for (String topic : List.copyOf(routes.keySet())) {
            refreshQuietly(topic);
        }
        for (String topic : List.copyOf(viaDefaultTopic.keySet())) {
            refreshQuietly(topic);
        }
    }

    private void refreshQuietly(String topic) {
        try {
            refresh(topic);
        } catch (MqException e) {
            LOG.warn("route refresh of {} failed, keeping the cached route: {}", topic, e.getMessage());
        }
    }

    /** Master addresses by broker name over every cached route. */
    public Map<String, String> masters() {
        Map<String, String> masters = new HashMap<>();
        for (TopicRoute route : routes.values()) {
            masters.putAll(route.masters());
        }
        for (TopicRoute route : viaDefaultTopic.values()) {
            masters.putAll(route.masters());
        }
        return masters;
    }

    /** The master address of {@code brokerName} in any cached route, or null. */
    public String masterOf(String brokerName) {
        for (TopicRoute route : routes.values()) {
            String address = route.masterOf(brokerName);
            if (address != null) {
                return address;
            }
        }
        for (TopicRoute route : viaDefaultTopic.values()) {
            String address = route.masterOf(brokerName);
            if (address != null) {
                return address;
            }
        }
        return null;
    }

    /** The broker name whose master is {@code address} in a cached route, or null. */
    public String brokerNameOf(String address) {
        for (Map.Entry<String, String> entry : masters().entrySet()) {
            if (entry.getValue().equals(address)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** The nameservers, in the order they are tried. */
    public List<String> namesrvs() {
        return namesrvs;
    }

    /** The route data from the first nameserver that answers; empty for TOPIC_NOT_EXIST. */
    public Optional<TopicRouteData> fetch(String topic) {
        RemotingException last = null;
        int start = Math.floorMod(namesrvIndex.get(), namesrvs.size());
        for (int i = 0; i < namesrvs.size(); i++) {
            String namesrv = namesrvs.get((start + i) % namesrvs.size());
            try {
                return rpc.route(namesrv, topic);
            } catch (RemotingException e) {
                last = e;
                namesrvIndex.incrementAndGet();
            }
        }
        throw new ClientException("no nameserver of " + namesrvs + " answered the route query for " + topic, last);
    }

    private static RetriableClientException notFound(String topic) {
        return new RetriableClientException(
                "no route for topic " + topic + " in the nameservers", ResponseCode.TOPIC_NOT_EXIST, null, null);
    }
}
