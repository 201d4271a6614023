package io.sluice.mq.namesrv;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.ClusterInfo;
import io.sluice.mq.protocol.body.DataVersion;
import io.sluice.mq.protocol.body.QueueData;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.body.TopicRouteData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long EXPIRY = 120 * SECOND;

    private final RouteTable table = new RouteTable();

    private static TopicConfigTable topics(TopicConfig... configs) {
        Map<String, TopicConfig> map = new HashMap<>();
        for (TopicConfig config : configs) {
            map.put(config.topicName(), config);
        }
        return new TopicConfigTable(new DataVersion(1, 0), map);
    }

    private static RouteTable.Registration broker(String name, String address, TopicConfigTable topics, Object conn) {
        return new RouteTable.Registration("DefaultCluster", name, address, 0, topics, conn);
    }

    @Test
    void registeredTopicIsRoutedToItsBrokers() {
        table.register(broker("broker-a", "10.0.0.1:10911", topics(TopicConfig.of("T", 4)), null), 0);
        table.register(broker("broker-b", "10.0.0.2:10911", topics(TopicConfig.of("T", 2)), null), 0);

        TopicRouteData route = table.route("T").orElseThrow();
        assertThat(route.queueDatas())
                .containsExactly(new QueueData("broker-a", 4, 4, 6, 0), new QueueData("broker-b", 2, 2, 6, 0));
        assertThat(route.brokerDatas())
                .extracting(BrokerData::masterAddress)
                .containsExactly("10.0.0.1:10911", "10.0.0.2:10911");
        assertThat(table.route("Other")).isEmpty();
        assertThat(table.topics()).containsExactly("T");
        ClusterInfo info = table.clusterInfo();
        assertThat(info.clusters()).containsEntry("DefaultCluster", Set.of("broker-a", "broker-b"));
        assertThat(info.brokers()).containsKeys("broker-a", "broker-b");
    }

    @Test
    void laterRegistrationsMergeTopicsInsteadOfReplacingThem() {
        table.register(broker("broker-a", "a:1", topics(TopicConfig.of("T1", 4)), null), 0);
        table.register(broker("broker-a", "a:1", topics(TopicConfig.of("T2", 1)), null), 0);
        table.register(broker("broker-a", "a:1", topics(TopicConfig.of("T1", 8)), null), 0);

        assertThat(table.route("T1").orElseThrow().queueDatas()).containsExactly(new QueueData("broker-a", 8, 8, 6, 0));
        assertThat(table.route("T2")).isPresent();
    }

    @Test
    void brokerSilentPastTheExpiryIsRemovedWithItsQueues() {
        table.register(broker("broker-a", "a:1", topics(TopicConfig.of("T", 4)), null), 0);
        table.register(broker("broker-b", "b:1", topics(TopicConfig.of("T", 4)), null), 100 * SECOND);

        assertThat(table.expire(EXPIRY, EXPIRY)).isEmpty();
        assertThat(table.expire(EXPIRY + 1, EXPIRY)).containsExactly("a:1");

        assertThat(table.route("T").orElseThrow().queueDatas())
                .extracting(QueueData::brokerName)
                .containsExactly("broker-b");
        assertThat(table.expire(221 * SECOND, EXPIRY)).containsExactly("b:1");
        assertThat(table.route("T")).isEmpty();
        assertThat(table.clusterInfo().clusters()).isEmpty();
    }

    @Test
    void unregisterAndClosedConnectionRemoveTheBroker() {
        Object connection = new Object();
        table.register(broker("broker-a", "a:1", topics(TopicConfig.of("T", 4)), connection), 0);
        table.register(broker("broker-b", "b:1", topics(TopicConfig.of("U", 4)), null), 0);

        assertThat(table.connectionClosed(new Object())).isEmpty();
        assertThat(table.connectionClosed(connection)).containsExactly("a:1");
        assertThat(table.route("T")).isEmpty();

        assertThat(table.unregister("broker-b", "b:1", 0)).isTrue();
        assertThat(table.route("U")).isEmpty();
        assertThat(table.liveBrokers()).isEmpty();
        assertThat(table.unregister("broker-b", "b:1", 0)).isFalse();
    }

    @Test
    void brokerRestartingOnANewAddressReplacesTheOldOne() {
        table.register(broker("broker-a", "a:1", topics(TopicConfig.of("T", 4)), null), 0);
        table.register(broker("broker-a", "a:2", topics(TopicConfig.of("T", 4)), null), SECOND);

        assertThat(table.route("T").orElseThrow().brokerDatas().get(0).brokerAddrs())
                .isEqualTo(Map.of(0L, "a:2"));
        assertThat(table.liveBrokers()).containsExactly("a:2");
        assertThat(table.expire(EXPIRY + SECOND / 2, EXPIRY)).isEmpty();
        assertThat(List.copyOf(table.topics())).containsExactly("T");
    }

    @Test
    void aDeletedTopicLeavesTheBrokersOfTheNamedClusterOnlyUntilABrokerReportsItAgain() {
        table.register(
                new RouteTable.Registration("C1", "broker-a", "a:1", 0, topics(TopicConfig.of("T", 4)), null), 0);
        table.register(
                new RouteTable.Registration("C2", "broker-b", "b:1", 0, topics(TopicConfig.of("T", 2)), null), 0);

        assertThat(table.deleteTopic("T", "C1")).isTrue();
        assertThat(table.route("T").orElseThrow().queueDatas())
                .extracting(q -> q.brokerName())
                .containsExactly("broker-b");
        assertThat(table.deleteTopic("T", null)).isTrue();
        assertThat(table.route("T")).isEmpty();
        assertThat(table.topics()).doesNotContain("T");
        assertThat(table.deleteTopic("T", null)).isFalse();

        table.register(
                new RouteTable.Registration("C1", "broker-a", "a:1", 0, topics(TopicConfig.of("T", 4)), null), 0);
        assertThat(table.route("T")).isPresent();
    }
}
