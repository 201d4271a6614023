package io.sluice.mq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.ClusterInfo;
import io.sluice.mq.protocol.body.HeartbeatData;
import io.sluice.mq.protocol.body.LockBatchBody;
import io.sluice.mq.protocol.body.QueueData;
import io.sluice.mq.protocol.body.SubscriptionData;
import io.sluice.mq.protocol.body.TopicRouteData;
import io.sluice.mq.protocol.message.BatchCodec;
import io.sluice.mq.protocol.message.BodyCompression;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.MessageSysFlag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bodies against the JSON and ids captured from the official clients and a 5.3.3 cluster (REMOTING.md). */
class BodiesTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesCapturedRouteAndWritesItBackWithQuotedKeys() {
        String captured = "{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"127.0.0.1:40911\"},\"brokerName\":\"broker-a\","
                + "\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false}],\"filterServerTable\":{},"
                + "\"queueDatas\":[{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":4,"
                + "\"topicSysFlag\":0,\"writeQueueNums\":4}]}";

        TopicRouteData route = TopicRouteData.decode(utf8(captured));

        assertThat(route.queueDatas()).containsExactly(new QueueData("broker-a", 4, 4, 6, 0));
        assertThat(route.brokerDatas())
                .containsExactly(new BrokerData("DefaultCluster", "broker-a", Map.of(0L, "127.0.0.1:40911")));
        assertThat(new String(route.encode(), StandardCharsets.UTF_8)).isEqualTo(captured);
    }

    @Test
    void decodesLegacyClusterInfoWithUnquotedBrokerIds() {
        String legacy = "{\"brokerAddrTable\":{\"broker-a\":{\"brokerAddrs\":{0:\"127.0.0.1:40911\"},"
                + "\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\"}},"
                + "\"clusterAddrTable\":{\"DefaultCluster\":[\"broker-a\"]}}";

        ClusterInfo info = ClusterInfo.decode(utf8(legacy));

        assertThat(info.brokers().get("broker-a").masterAddress()).isEqualTo("127.0.0.1:40911");
        assertThat(info.clusters()).isEqualTo(Map.of("DefaultCluster", Set.of("broker-a")));
        assertThat(ClusterInfo.decode(info.encode())).isEqualTo(info);
    }

    @Test
    void decodesCapturedPushConsumerHeartbeat() {
        String captured = "{\"clientID\":\"192.0.2.2@26057#791036992826\",\"consumerDataSet\":[{\"consumeFromWhere\":"
                + "\"CONSUME_FROM_FIRST_OFFSET\",\"consumeType\":\"CONSUME_PASSIVELY\",\"groupName\":\"PUSH_5\","
                + "\"messageModel\":\"CLUSTERING\",\"subscriptionDataSet\":[{\"classFilterMode\":false,\"codeSet\":[],"
                + "\"expressionType\":\"TAG\",\"subString\":\"*\",\"subVersion\":1795530440975,\"tagsSet\":[],"
                + "\"topic\":\"%RETRY%PUSH_5\"},{\"classFilterMode\":false,\"codeSet\":[2598919],"
                + "\"expressionType\":\"TAG\",\"subString\":\"TagA\",\"subVersion\":1795530440961,"
                + "\"tagsSet\":[\"TagA\"],\"topic\":\"T_5\"}],\"unitMode\":false}],\"heartbeatFingerprint\":0,"
                + "\"producerDataSet\":[{\"groupName\":\"CLIENT_INNER_PRODUCER\"}],\"withoutSub\":false}";

        HeartbeatData heartbeat = HeartbeatData.decode(utf8(captured));

        assertThat(heartbeat.clientId()).isEqualTo("192.0.2.2@26057#791036992826");
        assertThat(heartbeat.producerGroups()).containsExactly("CLIENT_INNER_PRODUCER");
        assertThat(heartbeat.consumers()).singleElement().satisfies(consumer -> {
            assertThat(consumer.groupName()).isEqualTo("PUSH_5");
            assertThat(consumer.subscriptions()).hasSize(2);
            assertThat(consumer.subscriptions().get(1).codes()).containsExactly(2598919);
            assertThat(consumer.subscriptions().get(1).subVersion()).isEqualTo(1795530440961L);
        });
        assertThat(HeartbeatData.decode(heartbeat.encode())).isEqualTo(heartbeat);
    }

    @Test
    void tagSubscriptionsHashTagsLikeJavaStrings() {
        SubscriptionData data = SubscriptionData.ofTags("T", " TagA || TagB ||", 1);

        assertThat(data.tags()).containsExactlyInAnyOrder("TagA", "TagB");
        assertThat(data.codes()).containsExactlyInAnyOrder(2598919, 2598920);
        assertThat(SubscriptionData.ofTags("T", null, 1).matchesAll()).isTrue();
    }

    @Test
    void offsetMessageIdMatchesTheCapturedOne() {
        MessageIds.OffsetId id = MessageIds.decode("7F00000100009FCF0000000000000110");

        assertThat(id.brokerAddress()).isEqualTo("127.0.0.1:40911");
        assertThat(id.logPosition()).isEqualTo(272);
        assertThat(MessageIds.offsetMessageId(HostAddress.loopback(40911), 272))
                .isEqualTo("7F00000100009FCF0000000000000110");
    }

    @Test
    void batchBodiesRoundTrip() {
        List<BatchCodec.Entry> entries = List.of(
                new BatchCodec.Entry(0, utf8("one"), "UNIQ_KEY\u0001A\u0002TAGS\u0001x"),
                new BatchCodec.Entry(3, new byte[0], ""));

        List<BatchCodec.Entry> decoded = BatchCodec.decode(ByteBuffer.wrap(BatchCodec.encode(entries)));

        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0).body()).isEqualTo(utf8("one"));
        assertThat(decoded.get(0).properties()).isEqualTo("UNIQ_KEY\u0001A\u0002TAGS\u0001x");
        assertThat(decoded.get(1).flag()).isEqualTo(3);
    }

    @Test
    void lockBodiesRoundTrip() {
        LockBatchBody body = new LockBatchBody("G", "c1", Set.of(new MessageQueue("T", "b", 2)));

        assertThat(LockBatchBody.decode(body.encode())).isEqualTo(body);
        assertThat(LockBatchBody.decodeLocked(LockBatchBody.encodeLocked(body.queues())))
                .isEqualTo(body.queues());
    }

    @Test
    void compressionRoundTripsAndRefusesBombs() {
        byte[] body = utf8("x".repeat(100_000));
        byte[] compressed = BodyCompression.compress(body);
        int sysFlag = MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_ZLIB;

        assertThat(compressed.length).isLessThan(body.length / 10);
        assertThat(BodyCompression.decompress(compressed, sysFlag, body.length)).isEqualTo(body);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BodyCompression.decompress(compressed, sysFlag, 1000))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("1000");
    }
}
