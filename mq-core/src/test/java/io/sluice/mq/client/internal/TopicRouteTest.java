package io.sluice.mq.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.QueueData;
import io.sluice.mq.protocol.body.TopicRouteData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicRouteTest {

    private static final TopicRouteData ROUTE = new TopicRouteData(
            null,
            List.of(
                    new QueueData("broker-b", 2, 3, 6, 0),
                    new QueueData("broker-a", 2, 2, 6, 0),
                    new QueueData("broker-c", 1, 1, 4, 0),
                    new QueueData("broker-d", 1, 1, 6, 0)),
            List.of(
                    new BrokerData("c1", "broker-a", Map.of(0L, "10.0.0.1:10911", 1L, "10.0.0.2:10911")),
                    new BrokerData("c1", "broker-b", Map.of(0L, "10.0.0.3:10911")),
                    new BrokerData("c1", "broker-c", Map.of(0L, "10.0.0.4:10911")),
                    new BrokerData("c1", "broker-d", Map.of(1L, "10.0.0.5:10911"))));

    @Test
    void publishQueuesNeedWritePermissionAndAMasterAndAreSortedByBroker() {
        TopicRoute route = TopicRoute.of("T", ROUTE);
        assertThat(route.publishQueues())
                .containsExactly(
                        new MessageQueue("T", "broker-a", 0),
                        new MessageQueue("T", "broker-a", 1),
                        new MessageQueue("T", "broker-b", 0),
                        new MessageQueue("T", "broker-b", 1),
                        new MessageQueue("T", "broker-b", 2));
        assertThat(route.masterOf("broker-a")).isEqualTo("10.0.0.1:10911");
        assertThat(route.masterOf("broker-d")).isNull();
    }

    @Test
    void subscribeQueuesNeedReadPermissionAndUseReadQueueCounts() {
        TopicRoute route = TopicRoute.of("T", ROUTE);
        assertThat(route.subscribeQueues())
                .containsExactly(
                        new MessageQueue("T", "broker-a", 0),
                        new MessageQueue("T", "broker-a", 1),
                        new MessageQueue("T", "broker-b", 0),
                        new MessageQueue("T", "broker-b", 1),
                        new MessageQueue("T", "broker-c", 0),
                        new MessageQueue("T", "broker-d", 0));
    }

    @Test
    void autoCreateRouteTakesAtMostFourQueuesPerWritableBroker() {
        TopicRouteData tbw = new TopicRouteData(
                null,
                List.of(new QueueData("broker-a", 8, 8, 7, 0)),
                List.of(new BrokerData("c1", "broker-a", Map.of(0L, "10.0.0.1:10911"))));
        TopicRoute route = TopicRoute.fromDefaultTopic("NewTopic", tbw, 4);
        assertThat(route.publishQueues()).hasSize(4).allMatch(q -> q.topic().equals("NewTopic"));
    }

    @Test
    void parsesFastjsonRoutesWithUnquotedBrokerIds() {
        String json = "{\"brokerDatas\":[{\"brokerAddrs\":{0:\"127.0.0.1:40911\"},\"brokerName\":\"broker-a\","
                + "\"cluster\":\"DefaultCluster\"}],\"filterServerTable\":{},\"queueDatas\":[{\"brokerName\":"
                + "\"broker-a\",\"perm\":6,\"readQueueNums\":4,\"topicSysFlag\":0,\"writeQueueNums\":4}]}";
        TopicRoute route = TopicRoute.of("T", TopicRouteData.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(route.publishQueues()).hasSize(4);
        assertThat(route.masterOf("broker-a")).isEqualTo("127.0.0.1:40911");
    }
}
