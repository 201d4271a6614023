package io.sluice.mq.broker;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.HeartbeatData;
import io.sluice.mq.remoting.RemotingClient;
import io.sluice.mq.remoting.RemotingClientConfig;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A {@link StandaloneCluster} on loopback with small files, and a raw remoting client that talks
 * to it the way an official client would. Requests are built here so tests read like the wire.
 */
final class TestCluster implements AutoCloseable {

    static final long TIMEOUT_MS = 5_000;

    final StandaloneCluster cluster;
    final RemotingClient client;

    private TestCluster(StandaloneCluster cluster) {
        this.cluster = cluster;
        this.client = newClient("test-client");
    }

    /** Small files and ephemeral loopback ports; tests adjust the rest. */
    static BrokerConfig.Builder config(Path dir) {
        return BrokerConfig.builder(dir)
                .ephemeralLoopback()
                .segmentSizeBytes(4 * 1024 * 1024)
                .consumeQueueFileBytes(20 * 4096)
                .maxMessageSizeBytes(64 * 1024)
                .registerTimeout(Duration.ofSeconds(3))
                .sendThreads(2)
                .pullThreads(4)
                .adminThreads(2)
                .ioThreads(1);
    }

    static TestCluster start(BrokerConfig config) throws Exception {
        return start(config, new SystemClock());
    }

    static TestCluster start(BrokerConfig config, Clock clock) throws Exception {
        return new TestCluster(StandaloneCluster.start(config, clock));
    }

    static RemotingClient newClient(String name) {
        return new RemotingClient(RemotingClientConfig.defaults(), new SystemClock(), Thread::new, name);
    }

    String broker() {
        return cluster.brokerAddress();
    }

    String namesrv() {
        return cluster.namesrvAddress();
    }

    RemotingCommand toBroker(RemotingCommand request) throws InterruptedException {
        return client.invokeSync(broker(), request, TIMEOUT_MS);
    }

    /**
     * Sends and, when the send succeeded, waits (bounded) until the messages are readable: a send
     * is acknowledged when written, and the dispatcher makes it pullable a moment later.
     */
    RemotingCommand send(RemotingCommand request) throws InterruptedException {
        RemotingCommand response = toBroker(request);
        if (response.code() == ResponseCode.SUCCESS) {
            String topic = request.ext("b") != null ? request.ext("b") : request.ext("topic");
            int queueId = Integer.parseInt(response.ext("queueId"));
            long end = Long.parseLong(response.ext("queueOffset"))
                    + response.ext("msgId").split(",").length;
            boolean visible = waitUntil(TIMEOUT_MS, () -> maxOffset(topic, queueId) >= end);
            if (!visible) {
                throw new AssertionError("message to " + topic + "/" + queueId + " not readable within " + TIMEOUT_MS);
            }
        }
        return response;
    }

    long maxOffset(String topic, int queueId) {
        try {
            RemotingCommand response = toBroker(queueRequest(RequestCode.GET_MAX_OFFSET, topic, queueId));
            return Long.parseLong(response.ext("offset"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    RemotingCommand toNamesrv(RemotingCommand request) throws InterruptedException {
        return client.invokeSync(namesrv(), request, TIMEOUT_MS);
    }

    static RemotingCommand sendV2(String topic, int queueId, String body, String properties) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .putExt("a", "PG")
                .putExt("b", topic)
                .putExt("c", "TBW102")
                .putExt("d", 4)
                .putExt("e", queueId)
                .putExt("f", 0)
                .putExt("g", 1_700_000_000_000L)
                .putExt("h", 0)
                .putExt("i", properties)
                .putExt("j", 0)
                .putExt("k", false)
                .putExt("m", false)
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    static RemotingCommand pull(String group, String topic, int queueId, long offset, int sysFlag, long suspendMs) {
        return RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", group)
                .putExt("topic", topic)
                .putExt("queueId", queueId)
                .putExt("queueOffset", offset)
                .putExt("maxMsgNums", 32)
                .putExt("sysFlag", sysFlag)
                .putExt("commitOffset", 0)
                .putExt("suspendTimeoutMillis", suspendMs)
                .putExt("subVersion", 0);
    }

    /** A pull that carries its subscription ({@code expression}), as lite-pull consumers send. */
    static RemotingCommand pullWith(String group, String topic, int queueId, long offset, String expression) {
        return pull(group, topic, queueId, offset, 0x4, 0).putExt("subscription", expression);
    }

    static RemotingCommand createTopic(String topic, int queues) {
        return RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .putExt("topic", topic)
                .putExt("defaultTopic", "TBW102")
                .putExt("readQueueNums", queues)
                .putExt("writeQueueNums", queues)
                .putExt("perm", 6)
                .putExt("topicFilterType", "SINGLE_TAG")
                .putExt("topicSysFlag", 0)
                .putExt("order", false);
    }

    static RemotingCommand route(String topic) {
        return RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", topic);
    }

    static RemotingCommand queueRequest(int code, String topic, int queueId) {
        return RemotingCommand.request(code).putExt("topic", topic).putExt("queueId", queueId);
    }

    static RemotingCommand heartbeat(HeartbeatData data) {
        return RemotingCommand.request(RequestCode.HEART_BEAT).body(data.encode());
    }

    /** "key\u0001value\u0002..." (4.9.x form). */
    static String properties(Map<String, String> pairs) {
        return MessageProperties.encode(pairs);
    }

    /** Waits up to {@code timeoutMs} for {@code condition}, polling every 10 ms. */
    static boolean waitUntil(long timeoutMs, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(10_000_000L);
        }
        return condition.getAsBoolean();
    }

    static List<String> extKeys(RemotingCommand command) {
        return List.copyOf(command.extFields().keySet());
    }

    @Override
    public void close() {
        client.close();
        cluster.close();
    }
}
