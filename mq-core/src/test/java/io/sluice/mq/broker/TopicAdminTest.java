package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.createTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.SystemClock;
import io.sluice.mq.namesrv.NameServer;
import io.sluice.mq.namesrv.NameServerConfig;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.body.TopicRouteData;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.remoting.RemotingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topic administration, and a broker registered with several nameservers. */
class TopicAdminTest {

    @TempDir
    Path dir;

    @Test
    void createdTopicIsReadableAndBadDefinitionsAreRefused() throws Exception {
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            assertThat(cluster.toBroker(createTopic("Admin", 3)).code()).isEqualTo(ResponseCode.SUCCESS);
            RemotingCommand config = cluster.toBroker(
                    RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG).putExt("topic", "Admin"));
            TopicConfig parsed =
                    TopicConfig.fromJson(Json.parseObject(new String(config.bodyBytes(), StandardCharsets.UTF_8)));
            assertThat(parsed).isEqualTo(TopicConfig.of("Admin", 3));
            RemotingCommand missing = cluster.toBroker(
                    RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG).putExt("topic", "Nope"));
            assertThat(missing.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);

            assertThat(cluster.toBroker(createTopic("RMQ_SYS_TRANS_HALF_TOPIC", 1))
                            .code())
                    .isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(cluster.toBroker(createTopic("Admin", 3).putExt("perm", 99))
                            .code())
                    .isEqualTo(ResponseCode.INVALID_PARAMETER);
            assertThat(cluster.toBroker(createTopic("Admin", 0)).code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
            assertThat(cluster.toBroker(createTopic("bad/name", 1)).code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        }
    }

    @Test
    void brokerRegistersWithEveryNameServer() throws Exception {
        try (NameServer first = NameServer.start(NameServerConfig.ephemeralLoopback(), new SystemClock(), Thread::new);
                NameServer second =
                        NameServer.start(NameServerConfig.ephemeralLoopback(), new SystemClock(), Thread::new);
                Broker broker = Broker.start(
                        TestCluster.config(dir)
                                .namesrvAddresses(List.of(first.address(), second.address()))
                                .build(),
                        new SystemClock(),
                        Thread::new);
                RemotingClient client = TestCluster.newClient("admin")) {
            RemotingCommand created = client.invokeSync(broker.address(), createTopic("Everywhere", 2), 5_000);
            assertThat(created.code()).isEqualTo(ResponseCode.SUCCESS);
            for (NameServer nameServer : List.of(first, second)) {
                RemotingCommand route = client.invokeSync(nameServer.address(), TestCluster.route("Everywhere"), 5_000);
                assertThat(route.code()).isEqualTo(ResponseCode.SUCCESS);
                assertThat(TopicRouteData.decode(route.bodyBytes())
                                .brokerDatas()
                                .get(0)
                                .masterAddress())
                        .isEqualTo(broker.address());
            }
        }
    }
}
