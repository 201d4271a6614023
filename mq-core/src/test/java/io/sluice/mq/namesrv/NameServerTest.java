package io.sluice.mq.namesrv;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.ManualClock;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.ClusterInfo;
import io.sluice.mq.protocol.body.DataVersion;
import io.sluice.mq.protocol.body.RegisterBrokerBody;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.body.TopicList;
import io.sluice.mq.protocol.body.TopicRouteData;
import io.sluice.mq.remoting.RemotingClient;
import io.sluice.mq.remoting.RemotingClientConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The nameserver over real sockets, registered with by hand the way a broker does it. */
class NameServerTest {

    private static final long TIMEOUT_MS = 5_000;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private NameServer nameServer;
    private RemotingClient broker;
    private RemotingClient client;

    @BeforeEach
    void start() throws Exception {
        nameServer = NameServer.start(
                NameServerConfig.builder()
                        .bindAddress("127.0.0.1")
                        .listenPort(0)
                        .scanInterval(Duration.ofMillis(20))
                        .build(),
                clock,
                Thread::new);
        broker = new RemotingClient(RemotingClientConfig.defaults(), new SystemClock(), Thread::new, "broker");
        client = new RemotingClient(RemotingClientConfig.defaults(), new SystemClock(), Thread::new, "client");
    }

    @AfterEach
    void stop() {
        client.close();
        broker.close();
        nameServer.close();
    }

    private RemotingCommand register(String brokerAddr, TopicConfig... topics) throws InterruptedException {
        Map<String, TopicConfig> table = new java.util.HashMap<>();
        for (TopicConfig topic : topics) {
            table.put(topic.topicName(), topic);
        }
        byte[] body = RegisterBrokerBody.encode(new TopicConfigTable(new DataVersion(1, 1), table));
        RemotingCommand request = RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .putExt("brokerName", "broker-a")
                .putExt("brokerAddr", brokerAddr)
                .putExt("clusterName", "DefaultCluster")
                .putExt("haServerAddr", brokerAddr)
                .putExt("brokerId", 0)
                .putExt("compressed", false)
                .putExt("bodyCrc32", NameServerProcessor.crc32(body))
                .body(body);
        return broker.invokeSync(nameServer.address(), request, TIMEOUT_MS);
    }

    private RemotingCommand route(String topic) throws InterruptedException {
        return client.invokeSync(
                nameServer.address(),
                RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", topic),
                TIMEOUT_MS);
    }

    private boolean routeCodeBecomes(String topic, int code) {
        return waitUntil(() -> {
            try {
                return route(topic).code() == code;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private static boolean waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(10_000_000L);
        }
        return condition.getAsBoolean();
    }

    @Test
    void registeredTopicIsRoutedWithQuotedBrokerIds() throws Exception {
        assertThat(register("127.0.0.1:10911", TopicConfig.of("T", 4)).code()).isEqualTo(ResponseCode.SUCCESS);

        RemotingCommand response = route("T");
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        String json = new String(response.bodyBytes(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\"}");
        TopicRouteData route = TopicRouteData.decode(response.bodyBytes());
        assertThat(route.queueDatas().get(0).writeQueueNums()).isEqualTo(4);

        RemotingCommand missing = route("Nope");
        assertThat(missing.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(missing.remark()).contains("Nope");

        ClusterInfo info = ClusterInfo.decode(client.invokeSync(
                        nameServer.address(), RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), TIMEOUT_MS)
                .bodyBytes());
        assertThat(info.brokers().get("broker-a").masterAddress()).isEqualTo("127.0.0.1:10911");
        RemotingCommand topics = client.invokeSync(
                nameServer.address(),
                RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER),
                TIMEOUT_MS);
        assertThat(TopicList.decode(topics.bodyBytes())).containsExactly("T");
    }

    @Test
    void brokerThatStopsRegisteringExpires() throws Exception {
        register("127.0.0.1:10911", TopicConfig.of("T", 4));
        clock.advanceMs(119_000);
        register("127.0.0.1:10911", TopicConfig.of("T", 4));
        clock.advanceMs(119_000);
        assertThat(route("T").code()).isEqualTo(ResponseCode.SUCCESS);

        clock.advanceMs(2_000);
        assertThat(routeCodeBecomes("T", ResponseCode.TOPIC_NOT_EXIST)).isTrue();
        assertThat(nameServer.routes().liveBrokers()).isEmpty();
    }

    @Test
    void unregisterRemovesTheBroker() throws Exception {
        register("127.0.0.1:10911", TopicConfig.of("T", 4));
        RemotingCommand response = broker.invokeSync(
                nameServer.address(),
                RemotingCommand.request(RequestCode.UNREGISTER_BROKER)
                        .putExt("brokerName", "broker-a")
                        .putExt("brokerAddr", "127.0.0.1:10911")
                        .putExt("clusterName", "DefaultCluster")
                        .putExt("brokerId", 0),
                TIMEOUT_MS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(route("T").code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void closingTheBrokersConnectionRemovesIt() throws Exception {
        register("127.0.0.1:10911", TopicConfig.of("T", 4));
        broker.closeConnection(nameServer.address());
        assertThat(routeCodeBecomes("T", ResponseCode.TOPIC_NOT_EXIST)).isTrue();
    }

    @Test
    void registrationWithABadCrcOrMissingFieldIsRefused() throws Exception {
        byte[] body = RegisterBrokerBody.encode(new TopicConfigTable(new DataVersion(1, 1), Map.of()));
        RemotingCommand badCrc = RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .putExt("brokerName", "broker-a")
                .putExt("brokerAddr", "127.0.0.1:10911")
                .putExt("clusterName", "DefaultCluster")
                .putExt("brokerId", 0)
                .putExt("bodyCrc32", 12345)
                .body(body);
        RemotingCommand response = broker.invokeSync(nameServer.address(), badCrc, TIMEOUT_MS);
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).contains("CRC");

        badCrc.extFields().remove("brokerAddr");
        RemotingCommand missing = broker.invokeSync(nameServer.address(), badCrc, TIMEOUT_MS);
        assertThat(missing.remark()).contains("brokerAddr");
        assertThat(nameServer.routes().liveBrokers()).isEmpty();
    }
}
