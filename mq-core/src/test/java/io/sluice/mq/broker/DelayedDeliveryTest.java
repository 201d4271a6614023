package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.createTopic;
import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.schedule.DelayLevels;
import io.sluice.mq.broker.schedule.ScheduleConfig;
import io.sluice.mq.broker.schedule.ScheduleService;
import io.sluice.mq.broker.schedule.ScheduleTopics;
import io.sluice.mq.common.ManualClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delay levels and timer messages against a real broker. Time-dependent cases run on a {@link
 * ManualClock}: a released copy's store timestamp is the broker clock's time at release, so
 * "released no earlier than due" is checked exactly, without timing assertions.
 */
class DelayedDeliveryTest {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    @TempDir
    Path dir;

    @Test
    void delayLevelsReleaseEachMessageAfterItsLevelsDelayInDueOrder() throws Exception {
        ManualClock clock = new ManualClock(System.currentTimeMillis());
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build(), clock)) {
            assertThat(cluster.toBroker(createTopic("Delayed", 1)).code()).isEqualTo(ResponseCode.SUCCESS);
            long t0 = clock.nowMs();
            park(cluster, sendV2("Delayed", 0, "ten-seconds", delay(3)), ScheduleTopics.SCHEDULE_TOPIC, 2);
            park(cluster, sendV2("Delayed", 0, "one-second", delay(1)), ScheduleTopics.SCHEDULE_TOPIC, 0);
            park(cluster, sendV2("Delayed", 0, "five-seconds", delay(2)), ScheduleTopics.SCHEDULE_TOPIC, 1);
            assertThat(read(cluster, "Delayed")).isEmpty();

            clock.advanceMs(1_000);
            awaitCount(cluster, "Delayed", 1);
            clock.advanceMs(4_000);
            awaitCount(cluster, "Delayed", 2);
            clock.advanceMs(5_000);
            awaitCount(cluster, "Delayed", 3);

            List<WireMessage> released = read(cluster, "Delayed");
            assertThat(released)
                    .extracting(DelayedDeliveryTest::body)
                    .containsExactly("one-second", "five-seconds", "ten-seconds");
            assertThat(released.get(0).storeTimestamp()).isGreaterThanOrEqualTo(t0 + 1_000);
            assertThat(released.get(1).storeTimestamp()).isGreaterThanOrEqualTo(t0 + 5_000);
            assertThat(released.get(2).storeTimestamp()).isGreaterThanOrEqualTo(t0 + 10_000);
            assertThat(released.get(2).property("REAL_TOPIC")).isEqualTo("Delayed");
            assertThat(released.get(2).property("DELAY")).isEqualTo("3");
            assertThat(schedule(cluster).lateness().count()).isEqualTo(3);
        }
    }

    @Test
    void aTimerMessageDueInAYearSurvivesARestartAndIsRolledUntilDue() throws Exception {
        ManualClock clock = new ManualClock(System.currentTimeMillis());
        long due = clock.nowMs() + 365 * DAY_MS;
        BrokerConfig config = TestCluster.config(dir).build();
        try (TestCluster cluster = TestCluster.start(config, clock)) {
            assertThat(cluster.toBroker(createTopic("Timed", 1)).code()).isEqualTo(ResponseCode.SUCCESS);
            park(cluster, sendV2("Timed", 0, "a-year", timer(due)), ScheduleTopics.TIMER_TOPIC, 0);
            awaitTrue("the wheel holds the timer", () -> schedule(cluster).waitingTimers() == 1);
        }
        try (TestCluster cluster = TestCluster.start(config, clock)) {
            awaitTrue(
                    "the wheel is rebuilt after the restart",
                    () -> schedule(cluster).waitingTimers() == 1);
            assertThat(read(cluster, "Timed")).isEmpty();

            clock.advanceMs(200 * DAY_MS); // past the 1-day roll window, long before the due time
            awaitTrue("the timer is rolled", () -> schedule(cluster).rolledTimers() >= 1);
            assertThat(read(cluster, "Timed")).isEmpty();

            clock.advanceMs(165 * DAY_MS);
            awaitCount(cluster, "Timed", 1);
            WireMessage released = read(cluster, "Timed").get(0);
            assertThat(body(released)).isEqualTo("a-year");
            assertThat(released.storeTimestamp()).isGreaterThanOrEqualTo(due);
            assertThat(released.property(ScheduleTopics.TIMER_OUT_MS)).isEqualTo(Long.toString(due));
            assertThat(released.property(ScheduleTopics.TIMER_ROLL_TIMES)).isNotNull();
            assertThat(schedule(cluster).lateness().count()).isEqualTo(1);
            assertThat(schedule(cluster).waitingTimers()).isZero();
        }
    }

    @Test
    void aTimerMessageOutlivesTheRetentionOfTheSegmentItWasSentTo() throws Exception {
        // Retention of 4 s and a roll window of 1 s: the first copy's segment expires long before
        // the message is due; rolling keeps a fresh copy.
        BrokerConfig config = TestCluster.config(dir)
                .maxMessageSizeBytes(4096)
                .segmentSizeBytes(512 * 1024)
                .fileReservedTime(Duration.ofSeconds(4))
                .schedule(ScheduleConfig.defaults()
                        .withDelayLevels(DelayLevels.parse("1s"))
                        .withTimerRollWindow(Duration.ofSeconds(1)))
                .build();
        try (TestCluster cluster = TestCluster.start(config)) {
            assertThat(cluster.toBroker(createTopic("Kept", 1)).code()).isEqualTo(ResponseCode.SUCCESS);
            long due = System.currentTimeMillis() + 9_000;
            RemotingCommand sent = cluster.toBroker(sendV2("Kept", 0, "outlives-retention", timer(due)));
            assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
            long firstCopy = MessageIds.decode(sent.ext("msgId")).logPosition();
            byte[] filler = new byte[4000];
            int[] polls = {0};
            boolean released = TestCluster.waitUntil(40_000, () -> {
                if (polls[0]++ % 20 == 0) {
                    sendFiller(cluster, filler, 40); // seals a segment about every 0.2 s
                }
                return !read(cluster, "Kept").isEmpty();
            });
            assertThat(released).isTrue();
            WireMessage copy = read(cluster, "Kept").get(0);
            assertThat(body(copy)).isEqualTo("outlives-retention");
            assertThat(copy.storeTimestamp()).isGreaterThanOrEqualTo(due);
            assertThat(schedule(cluster).rolledTimers()).isGreaterThanOrEqualTo(2);
            RemotingCommand view = cluster.toBroker(
                    RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID).putExt("offset", firstCopy));
            assertThat(view.code())
                    .as("the segment of the first copy was deleted by retention")
                    .isEqualTo(ResponseCode.SYSTEM_ERROR);
        }
    }

    @Test
    void badDelaysAreRefusedNamingTheProperty() throws Exception {
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            RemotingCommand malformed = cluster.toBroker(
                    sendV2("Bad", 0, "x", TestCluster.properties(Map.of(ScheduleTopics.TIMER_DELIVER_MS, "soon"))));
            assertThat(malformed.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(malformed.remark()).contains("TIMER_DELIVER_MS").contains("soon");

            long tooFar = System.currentTimeMillis() + 500 * DAY_MS;
            RemotingCommand beyond = cluster.toBroker(sendV2("Bad", 0, "x", timer(tooFar)));
            assertThat(beyond.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(beyond.remark()).contains("timerMaxDelaySec");

            RemotingCommand level =
                    cluster.toBroker(sendV2("Bad", 0, "x", TestCluster.properties(Map.of("DELAY", "x"))));
            assertThat(level.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(level.remark()).contains("DELAY");
        }
    }

    @Test
    void delayLevelsComeFromTheBrokerConfig() {
        assertThat(DelayLevels.defaults().count()).isEqualTo(18);
        assertThat(DelayLevels.defaults().delayMs(18)).isEqualTo(7_200_000);
        assertThat(DelayLevels.defaults().delayMs(40))
                .as("clamped to the last level")
                .isEqualTo(7_200_000);
        BrokerConfig config = BrokerConfig.fromProperties(properties("messageDelayLevel", "200ms 1s 2m"));
        assertThat(config.schedule().delayLevels().delayMs(2)).isEqualTo(1_000);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> BrokerConfig.fromProperties(properties("messageDelayLevel", "1s 5x")))
                .hasMessageContaining("messageDelayLevel")
                .hasMessageContaining("level 2")
                .hasMessageContaining("5x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestCluster.config(dir)
                        .fileReservedTime(Duration.ofHours(1))
                        .build())
                .hasMessageContaining("timerRollWindowMs");
    }

    private java.util.Properties properties(String key, String value) {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("storePathRootDir", dir.toString());
        properties.setProperty(key, value);
        return properties;
    }

    static String delay(int level) {
        return TestCluster.properties(Map.of("DELAY", Integer.toString(level)));
    }

    static String timer(long dueMs) {
        return TestCluster.properties(Map.of(ScheduleTopics.TIMER_DELIVER_MS, Long.toString(dueMs)));
    }

    static ScheduleService schedule(TestCluster cluster) {
        return cluster.cluster.broker().schedule();
    }

    /** Sends a delayed message and waits until its parked copy is readable in the parking queue. */
    private static void park(TestCluster cluster, RemotingCommand send, String parkingTopic, int parkingQueue)
            throws InterruptedException {
        RemotingCommand response = cluster.toBroker(send);
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        long end = Long.parseLong(response.ext("queueOffset")) + 1;
        awaitTrue("parked in " + parkingTopic, () -> cluster.maxOffset(parkingTopic, parkingQueue) >= end);
    }

    private static void sendFiller(TestCluster cluster, byte[] body, int count) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < count; i++) {
            try {
                cluster.toBroker(sendV2("Filler", 0, text, ""));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static List<WireMessage> read(TestCluster cluster, String topic) {
        try {
            RemotingCommand response = cluster.toBroker(TestCluster.pullWith("READER", topic, 0, 0, "*"));
            return response.code() == ResponseCode.SUCCESS
                    ? StoredMessageDecoder.decodeAll(response.body())
                    : List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void awaitCount(TestCluster cluster, String topic, int count) {
        awaitTrue(count + " messages in " + topic, () -> read(cluster, topic).size() >= count);
    }

    static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        assertThat(TestCluster.waitUntil(30_000, condition)).as(what).isTrue();
    }

    static String body(WireMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }
}
