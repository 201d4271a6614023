package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.pull;
import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.ManualClock;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.ConsumerData;
import io.sluice.mq.protocol.body.ConsumerIdList;
import io.sluice.mq.protocol.body.HeartbeatData;
import io.sluice.mq.protocol.body.SubscriptionData;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.remoting.RemotingClient;
import io.sluice.mq.remoting.RequestExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeats, consumer lists and NOTIFY_CONSUMER_IDS_CHANGED between two client connections. */
class ClientManageTest {

    private static final long SUB_VERSION = 1_795_530_440_961L;

    @TempDir
    Path dir;

    private TestCluster cluster;
    private final Consumer first = new Consumer("10.0.0.1@1#1");
    private final Consumer second = new Consumer("10.0.0.2@2#2");

    /** One client instance: its own connection, and the notifications the broker sends it. */
    private final class Consumer implements AutoCloseable {
        final String clientId;
        final RemotingClient client;
        final RequestExecutor executor = new RequestExecutor(
                "notify-" + System.identityHashCode(this), 1, 100, 10_000, new SystemClock(), Thread::new);
        final LinkedBlockingQueue<RemotingCommand> notifications = new LinkedBlockingQueue<>();

        Consumer(String clientId) {
            this.clientId = clientId;
            this.client = TestCluster.newClient(clientId);
            client.registerProcessor(
                    RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
                    (context, request) -> notifications.add(request),
                    executor);
        }

        RemotingCommand heartbeat(String group) throws InterruptedException {
            ConsumerData consumer = new ConsumerData(
                    group,
                    ConsumerData.CONSUME_PASSIVELY,
                    ConsumerData.CLUSTERING,
                    "CONSUME_FROM_FIRST_OFFSET",
                    List.of(SubscriptionData.ofTags("Orders", "TagA || TagB", SUB_VERSION)));
            HeartbeatData data = new HeartbeatData(clientId, List.of(consumer), List.of("CLIENT_INNER_PRODUCER"));
            return client.invokeSync(cluster.broker(), TestCluster.heartbeat(data), TestCluster.TIMEOUT_MS);
        }

        RemotingCommand call(RemotingCommand request) throws InterruptedException {
            return client.invokeSync(cluster.broker(), request, TestCluster.TIMEOUT_MS);
        }

        /** The next notification for {@code group}, skipping others, within 5 s. */
        boolean notifiedOf(String group) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                RemotingCommand notification = notifications.poll(left, TimeUnit.NANOSECONDS);
                if (notification != null && group.equals(notification.ext("consumerGroup"))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            client.close();
            executor.close();
        }
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<String> consumerIds(String group) throws InterruptedException {
        RemotingCommand response = cluster.toBroker(
                RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP).putExt("consumerGroup", group));
        return response.code() == ResponseCode.SUCCESS ? ConsumerIdList.decode(response.bodyBytes()) : List.of();
    }

    @Test
    void membershipChangesAreAnnouncedToTheOtherMembers() throws Exception {
        cluster = TestCluster.start(TestCluster.config(dir).build());
        RemotingCommand response = first.heartbeat("G");
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.version()).isGreaterThanOrEqualTo(409);
        assertThat(first.notifiedOf("G")).isTrue();

        second.heartbeat("G");
        assertThat(first.notifiedOf("G"))
                .as("first member told that the second joined")
                .isTrue();
        assertThat(consumerIds("G")).containsExactly(first.clientId, second.clientId);

        first.notifications.clear();
        second.heartbeat("G");
        assertThat(first.notifications.poll(200, TimeUnit.MILLISECONDS))
                .as("nothing changed")
                .isNull();

        RemotingCommand unregister = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                .putExt("clientID", second.clientId)
                .putExt("consumerGroup", "G");
        assertThat(second.call(unregister).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(first.notifiedOf("G")).isTrue();
        assertThat(consumerIds("G")).containsExactly(first.clientId);

        second.heartbeat("G");
        assertThat(first.notifiedOf("G")).isTrue();
        second.client.closeConnection(cluster.broker());
        assertThat(first.notifiedOf("G"))
                .as("told when the second's connection closed")
                .isTrue();
        assertThat(consumerIds("G")).containsExactly(first.clientId);

        RemotingCommand empty = cluster.toBroker(
                RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP).putExt("consumerGroup", "Nobody"));
        assertThat(empty.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
    }

    @Test
    void heartbeatCreatesTheRetryTopicAndThePullUsesTheRegisteredSubscription() throws Exception {
        cluster = TestCluster.start(TestCluster.config(dir).build());
        for (String tag : List.of("TagA", "TagC", "TagB")) {
            cluster.send(sendV2("Orders", 0, tag, TestCluster.properties(Map.of("TAGS", tag))));
        }
        first.heartbeat("Push");

        TopicConfigTable topics =
                TopicConfigTable.decode(cluster.toBroker(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_CONFIG))
                        .bodyBytes());
        assertThat(topics.topics().get("%RETRY%Push").writeQueueNums()).isEqualTo(1);

        RemotingCommand pulled = first.call(pull("Push", "Orders", 0, 0, 0x2, 0).putExt("subVersion", SUB_VERSION));
        assertThat(pulled.code()).as(pulled.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(StoredMessageDecoder.decodeAll(pulled.body()))
                .extracting(m -> m.property("TAGS"))
                .containsExactly("TagA", "TagB");

        RemotingCommand newer = first.call(pull("Push", "Orders", 0, 0, 0x2, 0).putExt("subVersion", SUB_VERSION + 1));
        assertThat(newer.code()).isEqualTo(ResponseCode.SUBSCRIPTION_NOT_LATEST);
    }

    @Test
    void silentClientsExpireAndTheirGroupIsNotified() throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        cluster = TestCluster.start(
                TestCluster.config(dir).clientExpiry(Duration.ofMillis(600)).build(), clock);
        first.heartbeat("G");
        second.heartbeat("G");
        assertThat(consumerIds("G")).hasSize(2);
        first.notifications.clear();

        clock.advanceMs(400);
        first.heartbeat("G");
        clock.advanceMs(400);

        assertThat(first.notifiedOf("G")).isTrue();
        assertThat(TestCluster.waitUntil(5_000, () -> idsQuietly("G").equals(List.of(first.clientId))))
                .isTrue();
    }

    private List<String> idsQuietly(String group) {
        try {
            return consumerIds(group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
