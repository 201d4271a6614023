package io.sluice.interop.rocketmq5;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.body.ClusterInfo;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.body.TopicRouteData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin client against a real RocketMQ 5.3.3 nameserver and broker. */
@ExtendWith(RealRocketMqExtension.class)
class AdminInteropTest {

    @Test
    void createTopicClusterInfoConfigsOffsetsAndViewById(RealRocketMqCluster cluster) {
        try (MqClient client = MqClient.start(cluster.clientConfig("admin-it"))) {
            ClusterInfo info = client.admin().clusterInfo();
            assertThat(info.clusters()).containsKey(RealRocketMqCluster.CLUSTER);
            assertThat(info.brokers().get(RealRocketMqCluster.BROKER_NAME).masterAddress())
                    .isEqualTo(cluster.brokerAddress());

            String topic = "IT_admin_" + System.nanoTime();
            Set<String> brokers =
                    client.admin().createTopic(NewTopic.of(topic, 3).inCluster(RealRocketMqCluster.CLUSTER));
            assertThat(brokers).containsExactly(cluster.brokerAddress());
            TopicRouteData route = Waits.retrying("route of " + topic, Duration.ofSeconds(30), () -> client.admin()
                    .topicRoute(topic)
                    .orElseThrow());
            assertThat(route.queueDatas()).singleElement().satisfies(q -> {
                assertThat(q.readQueueNums()).isEqualTo(3);
                assertThat(q.writeQueueNums()).isEqualTo(3);
                assertThat(q.perm()).isEqualTo(6);
            });
            Map<String, TopicConfigTable> configs = client.admin().allTopicConfigs();
            TopicConfig config =
                    configs.get(RealRocketMqCluster.BROKER_NAME).topics().get(topic);
            assertThat(config.readQueueNums()).isEqualTo(3);
            assertThat(configs.get(RealRocketMqCluster.BROKER_NAME).topics()).containsKey("TBW102");

            MessageQueue queue = new MessageQueue(topic, RealRocketMqCluster.BROKER_NAME, 2);
            assertThat(client.admin().maxOffset(queue)).isZero();
            SendResult sent = client.newProducer(ProducerConfig.of("PG_ADMIN"))
                    .send(
                            Message.builder(topic)
                                    .tags("T")
                                    .keys("k1", "k2")
                                    .property("p", "v")
                                    .body("viewed".getBytes(StandardCharsets.UTF_8))
                                    .build(),
                            queue);
            assertThat(client.admin().maxOffset(queue)).isEqualTo(1);
            assertThat(client.admin().minOffset(queue)).isZero();
            assertThat(client.admin().searchOffset(queue, 0)).isZero();

            ReceivedMessage viewed = client.admin().viewMessage(sent.offsetMsgId());
            assertThat(viewed.msgId()).isEqualTo(sent.msgId());
            assertThat(viewed.queue()).isEqualTo(queue);
            assertThat(viewed.queueOffset()).isZero();
            assertThat(viewed.tags()).isEqualTo("T");
            assertThat(viewed.keys()).isEqualTo(List.of("k1", "k2"));
            assertThat(viewed.property("p")).isEqualTo("v");
            assertThat(new String(viewed.body(), StandardCharsets.UTF_8)).isEqualTo("viewed");

            assertThat(client.admin().committedOffset("CG_none_" + System.nanoTime(), queue))
                    .isEmpty();
            assertThat(client.admin().consumerLag("CG_lag_" + System.nanoTime(), topic))
                    .extracting(lag -> lag.lag())
                    .containsExactly(0L, 0L, 1L);
        }
    }
}
