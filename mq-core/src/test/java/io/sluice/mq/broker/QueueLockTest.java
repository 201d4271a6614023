package io.sluice.mq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.ManualClock;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.ConsumerData;
import io.sluice.mq.protocol.body.HeartbeatData;
import io.sluice.mq.protocol.body.LockBatchBody;
import io.sluice.mq.protocol.body.SubscriptionData;
import io.sluice.mq.remoting.RemotingClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LOCK_BATCH_MQ / UNLOCK_BATCH_MQ on a real broker with a manual clock: one live holder per
 * (group, queue), renewal by relocking, expiry after the lease, release when the holder leaves.
 */
class QueueLockTest {

    private static final MessageQueue Q0 = new MessageQueue("Ordered", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("Ordered", "broker-a", 1);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private TestCluster cluster;
    private RemotingClient alice;
    private RemotingClient bob;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(
                TestCluster.config(dir)
                        .lockMaxLiveTime(Duration.ofSeconds(3))
                        .clientExpiry(Duration.ofMinutes(10))
                        .build(),
                clock);
        alice = TestCluster.newClient("alice");
        bob = TestCluster.newClient("bob");
        heartbeat(alice, "alice@1", "G");
        heartbeat(bob, "bob@2", "G");
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        cluster.close();
    }

    private void heartbeat(RemotingClient client, String clientId, String group) throws InterruptedException {
        ConsumerData consumer = new ConsumerData(
                group,
                ConsumerData.CONSUME_PASSIVELY,
                ConsumerData.CLUSTERING,
                "CONSUME_FROM_FIRST_OFFSET",
                List.of(SubscriptionData.ofTags("Ordered", "*", 1)));
        RemotingCommand response = client.invokeSync(
                cluster.broker(),
                TestCluster.heartbeat(new HeartbeatData(clientId, List.of(consumer), List.of())),
                TestCluster.TIMEOUT_MS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    private Set<MessageQueue> lock(RemotingClient client, String clientId, MessageQueue... queues)
            throws InterruptedException {
        RemotingCommand response = client.invokeSync(
                cluster.broker(),
                RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                        .body(new LockBatchBody("G", clientId, Set.of(queues)).encode()),
                TestCluster.TIMEOUT_MS);
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return LockBatchBody.decodeLocked(response.bodyBytes());
    }

    private void unlock(RemotingClient client, String clientId, MessageQueue... queues) throws InterruptedException {
        RemotingCommand response = client.invokeSync(
                cluster.broker(),
                RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ)
                        .body(new LockBatchBody("G", clientId, Set.of(queues)).encode()),
                TestCluster.TIMEOUT_MS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.hasBody()).isFalse();
    }

    @Test
    void aQueueHeldByALiveClientIsNotGrantedToAnother() throws Exception {
        assertThat(lock(alice, "alice@1", Q0, Q1)).containsExactlyInAnyOrder(Q0, Q1);
        assertThat(lock(bob, "bob@2", Q0, Q1)).isEmpty();

        unlock(alice, "alice@1", Q1);
        assertThat(lock(bob, "bob@2", Q0, Q1)).containsExactly(Q1);
        assertThat(lock(alice, "alice@1", Q0, Q1)).as("alice keeps Q0 only").containsExactly(Q0);
    }

    @Test
    void relockingRenewsTheLeaseAndAnExpiredLeaseGoesToTheNextClient() throws Exception {
        assertThat(lock(alice, "alice@1", Q0)).containsExactly(Q0);
        clock.advanceMs(2_000);
        assertThat(lock(alice, "alice@1", Q0)).as("renewal").containsExactly(Q0);
        clock.advanceMs(2_000);
        assertThat(lock(bob, "bob@2", Q0))
                .as("4 s after the first grant, 2 s after renewal")
                .isEmpty();

        clock.advanceMs(1_500);
        assertThat(lock(bob, "bob@2", Q0)).as("lease of 3 s expired").containsExactly(Q0);
        assertThat(lock(alice, "alice@1", Q0)).isEmpty();
    }

    @Test
    void onlyTheOwnerUnlocks() throws Exception {
        assertThat(lock(alice, "alice@1", Q0)).containsExactly(Q0);
        unlock(bob, "bob@2", Q0);
        assertThat(lock(bob, "bob@2", Q0)).isEmpty();
    }

    @Test
    void aClientThatLeavesTheGroupLosesItsLocksAtOnce() throws Exception {
        assertThat(lock(alice, "alice@1", Q0, Q1)).hasSize(2);
        RemotingCommand unregister = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                .putExt("clientID", "alice@1")
                .putExt("consumerGroup", "G");
        assertThat(alice.invokeSync(cluster.broker(), unregister, TestCluster.TIMEOUT_MS)
                        .code())
                .isEqualTo(ResponseCode.SUCCESS);
        assertThat(lock(bob, "bob@2", Q0, Q1)).containsExactlyInAnyOrder(Q0, Q1);
    }

    @Test
    void aClosedConnectionReleasesItsClientsLocks() throws Exception {
        assertThat(lock(bob, "bob@2", Q0)).containsExactly(Q0);
        bob.closeConnection(cluster.broker());
        assertThat(TestCluster.waitUntil(
                        5_000, () -> lockQuietly(alice, "alice@1", Q0).contains(Q0)))
                .isTrue();
    }

    @Test
    void aLockRequestWithoutABodyIsRefusedNamingTheFields() throws Exception {
        RemotingCommand response = cluster.toBroker(RemotingCommand.request(RequestCode.LOCK_BATCH_MQ));
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).contains("LOCK_BATCH_MQ").contains("consumerGroup");
    }

    private Set<MessageQueue> lockQuietly(RemotingClient client, String clientId, MessageQueue queue) {
        try {
            return lock(client, clientId, queue);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }
}
