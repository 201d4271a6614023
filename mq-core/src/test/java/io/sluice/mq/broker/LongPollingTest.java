package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.createTopic;
import static io.sluice.mq.broker.TestCluster.pull;
import static io.sluice.mq.broker.TestCluster.queueRequest;
import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls that find nothing are held and answered on arrival or at their suspend timeout. */
class LongPollingTest {

    /** Lite-pull flags: subscription in the request, may suspend. */
    private static final int SUSPEND_WITH_SUBSCRIPTION = 0x4 | 0x2;

    @TempDir
    Path dir;

    private static RemotingCommand heldPull(String topic, long offset, long suspendMs) {
        return pull("LP", topic, 0, offset, SUSPEND_WITH_SUBSCRIPTION, suspendMs)
                .putExt("subscription", "*");
    }

    private static CompletableFuture<RemotingCommand> invoke(TestCluster cluster, RemotingCommand request) {
        return cluster.client.invoke(cluster.broker(), request, 30_000);
    }

    /** Asserts the request stays unanswered for a while, i.e. the broker holds it. */
    private static void assertHeld(CompletableFuture<RemotingCommand> pending) {
        assertThat(TestCluster.waitUntil(300, pending::isDone))
                .as("answered instead of held")
                .isFalse();
    }

    @Test
    void heldPullIsAnsweredAsSoonAsAMessageArrivesAndBlocksNothingMeanwhile() throws Exception {
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            cluster.toBroker(createTopic("Arrival", 1));
            CompletableFuture<RemotingCommand> pending = invoke(cluster, heldPull("Arrival", 0, 15_000));
            assertHeld(pending);

            // Other requests on the same connection are served while the pull is held.
            long start = System.nanoTime();
            assertThat(cluster.toBroker(queueRequest(RequestCode.GET_MAX_OFFSET, "Arrival", 0))
                            .ext("offset"))
                    .isEqualTo("0");
            assertThat(cluster.toBroker(sendV2("Arrival", 0, "wake up", "")).code())
                    .isEqualTo(ResponseCode.SUCCESS);

            RemotingCommand answer = pending.get(5, TimeUnit.SECONDS);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer.code()).as(answer.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(new String(
                            StoredMessageDecoder.decodeAll(answer.body()).get(0).body(), StandardCharsets.UTF_8))
                    .isEqualTo("wake up");
            assertThat(waitedMs)
                    .as("answered long before the 15 s suspend timeout")
                    .isLessThan(3_000);
        }
    }

    @Test
    void heldPullIsAnsweredNotFoundAtItsSuspendTimeout() throws Exception {
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            cluster.toBroker(createTopic("Quiet", 1));
            long start = System.nanoTime();
            RemotingCommand answer = invoke(cluster, heldPull("Quiet", 0, 500)).get(10, TimeUnit.SECONDS);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(answer.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
            assertThat(answer.ext("nextBeginOffset")).isEqualTo("0");
            assertThat(waitedMs).isBetween(450L, 5_000L);
        }
    }

    @Test
    void shortPollingHoldsForTheShortPollingTime() throws Exception {
        BrokerConfig config = TestCluster.config(dir)
                .longPollingEnable(false)
                .shortPollingTime(Duration.ofMillis(300))
                .build();
        try (TestCluster cluster = TestCluster.start(config)) {
            cluster.toBroker(createTopic("Short", 1));
            long start = System.nanoTime();
            RemotingCommand answer =
                    invoke(cluster, heldPull("Short", 0, 15_000)).get(10, TimeUnit.SECONDS);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
            assertThat(waitedMs).isBetween(250L, 5_000L);
        }
    }

    @Test
    void heldPullsAreBoundedAndTheRestAreAnsweredBusy() throws Exception {
        try (TestCluster cluster =
                TestCluster.start(TestCluster.config(dir).maxHeldPulls(1).build())) {
            cluster.toBroker(createTopic("Bounded", 1));
            CompletableFuture<RemotingCommand> first = invoke(cluster, heldPull("Bounded", 0, 15_000));
            assertHeld(first);

            RemotingCommand second = cluster.toBroker(heldPull("Bounded", 0, 15_000));
            assertThat(second.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
            assertThat(first).isNotDone();
        }
    }

    @Test
    void closingTheBrokerAnswersHeldPulls() throws Exception {
        TestCluster cluster = TestCluster.start(TestCluster.config(dir).build());
        try {
            cluster.toBroker(createTopic("Closing", 1));
            CompletableFuture<RemotingCommand> pending = invoke(cluster, heldPull("Closing", 0, 20_000));
            assertHeld(pending);

            cluster.cluster.close();

            RemotingCommand answer = pending.get(5, TimeUnit.SECONDS);
            assertThat(answer.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        } finally {
            cluster.close();
        }
    }
}
