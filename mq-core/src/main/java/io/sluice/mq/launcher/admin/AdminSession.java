package io.sluice.mq.launcher.admin;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.AdminClient;
import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.ClusterInfo;
import io.sluice.mq.protocol.body.TopicRouteData;
import java.util.List;

/**
 * The client of one admin command run and the look-ups several commands share: a topic's route
 * (an unknown topic is an {@link AdminFailure}) and the brokers {@code -b}/{@code -c} name. Not
 * thread-safe; one per run.
 */
final class AdminSession {

    private final MqClient client;
    private final Clock clock;

    AdminSession(MqClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    MqClient client() {
        return client;
    }

    AdminClient admin() {
        return client.admin();
    }

    long nowMs() {
        return clock.nowMs();
    }

    /** The route of {@code topic}; fails naming the topic when the nameservers do not know it. */
    TopicRouteData route(String topic) {
        return admin().topicRoute(topic)
                .orElseThrow(
                        () -> new AdminFailure("topic " + topic + " does not exist (no route on the nameservers)"));
    }

    /** {@code brokerAddr} alone, or every master of {@code cluster}; one of the two is required. */
    List<String> brokers(String brokerAddr, String cluster) {
        if (brokerAddr != null) {
            return List.of(brokerAddr);
        }
        if (cluster != null) {
            return admin().clusterMasters(cluster);
        }
        throw new IllegalArgumentException("name a broker with -b <ip:port> or a cluster with -c <clusterName>");
    }

    /** The broker name of the master at {@code address}, or the address if no broker has it. */
    String brokerName(String address) {
        ClusterInfo info = admin().clusterInfo();
        for (BrokerData broker : info.brokers().values()) {
            if (address.equals(broker.masterAddress())) {
                return broker.brokerName();
            }
        }
        return address;
    }
}
