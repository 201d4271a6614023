package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.createTopic;
import static io.sluice.mq.broker.TestCluster.properties;
import static io.sluice.mq.broker.TestCluster.pull;
import static io.sluice.mq.broker.TestCluster.pullWith;
import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.CheckClientRequestBody;
import io.sluice.mq.protocol.body.ConsumerData;
import io.sluice.mq.protocol.body.HeartbeatData;
import io.sluice.mq.protocol.body.SubscriptionData;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tag and SQL92 filters on the wire, as the official clients use them: pulls that carry their
 * subscription (lite pull), pulls that use the heartbeat's subscription (push), held pulls, and
 * CHECK_CLIENT_CONFIG; each answer checked for its code, remark and {@code nextBeginOffset}.
 */
class FilterPullTest {

    private static final String TOPIC = "Filtered";
    private static final long SUB_VERSION = 1_795_530_440_961L;

    @TempDir
    Path dir;

    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void start(boolean propertyFilter) throws Exception {
        cluster = TestCluster.start(
                TestCluster.config(dir).enablePropertyFilter(propertyFilter).build());
        assertThat(cluster.toBroker(createTopic(TOPIC, 1)).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    /** Sends messages 0..count-1 with property n = i and tag TagA (even) or TagB (odd). */
    private void sendNumbered(int from, int count) throws InterruptedException {
        for (int i = from; i < from + count; i++) {
            String props = properties(Map.of("n", Integer.toString(i), "TAGS", i % 2 == 0 ? "TagA" : "TagB"));
            assertThat(cluster.send(sendV2(TOPIC, 0, "m" + i, props)).code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    private static RemotingCommand sqlPull(long offset, String expression) {
        return pullWith("G", TOPIC, 0, offset, expression).putExt("expressionType", "SQL92");
    }

    private static List<String> numbers(RemotingCommand response) {
        return StoredMessageDecoder.decodeAll(response.body()).stream()
                .map(m -> m.property("n"))
                .toList();
    }

    @Test
    void sqlPullReturnsOnlyMatchingMessagesAndSkipsTheRest() throws Exception {
        start(true);
        sendNumbered(0, 10);

        RemotingCommand found = cluster.toBroker(sqlPull(0, "n >= 5 AND n < 8 OR TAGS = 'TagA' AND n = 0"));
        assertThat(found.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(numbers(found)).containsExactly("0", "5", "6", "7");
        assertThat(found.ext("nextBeginOffset"))
                .as("the filtered-out tail was scanned too")
                .isEqualTo("10");

        RemotingCommand none = cluster.toBroker(sqlPull(0, "n > 100 OR missing = 'x'"));
        assertThat(none.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(none.ext("nextBeginOffset")).isEqualTo("10");

        RemotingCommand wrongType = cluster.toBroker(sqlPull(0, "TAGS > 5"));
        assertThat(wrongType.code())
                .as("a type mismatch is no match, not an error")
                .isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
    }

    @Test
    void malformedSqlIsRefusedWithThePositionOnPullAndCheck() throws Exception {
        start(true);
        sendNumbered(0, 1);
        RemotingCommand pulled = cluster.toBroker(sqlPull(0, "n > 5 AND"));
        assertThat(pulled.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
        assertThat(pulled.remark()).contains("position 9").contains("n > 5 AND");

        assertThat(check(SubscriptionData.ofSql(TOPIC, "n BETWEEN 3 AND 1", 1)).remark())
                .contains("position 10")
                .contains("BETWEEN bounds reversed");
        assertThat(check(SubscriptionData.ofSql(TOPIC, "n BETWEEN 3 AND 1", 1)).code())
                .isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
        assertThat(check(SubscriptionData.ofSql(TOPIC, "n BETWEEN 1 AND 3", 1)).code())
                .isEqualTo(ResponseCode.SUCCESS);
        assertThat(check(SubscriptionData.ofTags(TOPIC, "TagA || TagB", 1)).code())
                .isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand unknownType = check(new SubscriptionData(TOPIC, "x", "CLASS", Set.of(), Set.of(), 1));
        assertThat(unknownType.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);

        RemotingCommand noBody = cluster.toBroker(RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG));
        assertThat(noBody.code()).isNotEqualTo(ResponseCode.SUCCESS);
        assertThat(noBody.remark()).contains("subscriptionData");
    }

    @Test
    void heartbeatSubscriptionsFilterPushPullsAndABadOneIsRefusedAtPull() throws Exception {
        start(true);
        sendNumbered(0, 6);
        assertThat(heartbeat("PUSH", SubscriptionData.ofSql(TOPIC, "n IN ('1', '4')", SUB_VERSION))
                        .code())
                .isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand found = cluster.toBroker(pull("PUSH", TOPIC, 0, 0, 0, 0).putExt("subVersion", SUB_VERSION));
        assertThat(numbers(found)).containsExactly("1", "4");

        assertThat(heartbeat("PUSH", SubscriptionData.ofSql(TOPIC, "n IN (1)", SUB_VERSION + 1))
                        .code())
                .as("a heartbeat is never refused for its subscriptions")
                .isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand refused =
                cluster.toBroker(pull("PUSH", TOPIC, 0, 0, 0, 0).putExt("subVersion", SUB_VERSION + 1));
        assertThat(refused.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
        assertThat(refused.remark()).contains("position 6");
    }

    @Test
    void heldPullsAnswerNonMatchingArrivalsWithTheSkippedOffsetAndMatchingOnesWithTheMessage() throws Exception {
        start(true);
        sendNumbered(0, 2);
        CompletableFuture<RemotingCommand> held = cluster.client.invoke(
                cluster.broker(),
                sqlPull(2, "n >= 10").putExt("sysFlag", 0x4 | 0x2).putExt("suspendTimeoutMillis", 20_000),
                30_000);
        sendNumbered(2, 1);
        RemotingCommand skipped = held.get(10, TimeUnit.SECONDS);
        assertThat(skipped.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(skipped.ext("nextBeginOffset")).isEqualTo("3");

        held = cluster.client.invoke(
                cluster.broker(),
                sqlPull(3, "n >= 10").putExt("sysFlag", 0x4 | 0x2).putExt("suspendTimeoutMillis", 20_000),
                30_000);
        sendNumbered(10, 1);
        RemotingCommand found = held.get(10, TimeUnit.SECONDS);
        assertThat(found.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(numbers(found)).containsExactly("10");
        assertThat(found.ext("nextBeginOffset")).isEqualTo("4");
    }

    @Test
    void tagHashCollisionsAreDeliveredByTheBrokerForTheClientToDrop() throws Exception {
        start(true);
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        for (String tag : List.of("Aa", "BB", "C")) {
            cluster.send(sendV2(TOPIC, 0, tag, properties(Map.of("TAGS", tag))));
        }
        RemotingCommand response = cluster.toBroker(pullWith("G", TOPIC, 0, 0, "  Aa ||C||  "));
        List<String> tags = StoredMessageDecoder.decodeAll(response.body()).stream()
                .map(m -> m.property("TAGS"))
                .toList();
        assertThat(tags).containsExactly("Aa", "BB", "C");
        RemotingCommand emptyType =
                cluster.toBroker(pullWith("G", TOPIC, 0, 0, "*").putExt("expressionType", ""));
        assertThat(StoredMessageDecoder.decodeAll(emptyType.body()))
                .as("an empty expression type is TAG")
                .hasSize(3);
        assertThat(check(new SubscriptionData(TOPIC, "Aa", "", Set.of(), Set.of(), 1))
                        .code())
                .isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand other = cluster.toBroker(pullWith("G", TOPIC, 0, 0, "D"));
        assertThat(other.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(other.ext("nextBeginOffset")).isEqualTo("3");
    }

    @Test
    void withPropertyFilterOffSqlIsRefusedAsRocketMqDoes() throws Exception {
        start(false);
        sendNumbered(0, 1);
        String refusal = "The broker does not support consumer to filter message by SQL92";
        RemotingCommand checked = check(SubscriptionData.ofSql(TOPIC, "n > 1", 1));
        assertThat(checked.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(checked.remark()).isEqualTo(refusal);
        RemotingCommand pulled = cluster.toBroker(sqlPull(0, "n > 1"));
        assertThat(pulled.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(pulled.remark()).isEqualTo(refusal);
        assertThat(cluster.toBroker(pullWith("G", TOPIC, 0, 0, "*")).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    private RemotingCommand check(SubscriptionData subscription) throws InterruptedException {
        return cluster.toBroker(RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG)
                .body(new CheckClientRequestBody("c1", "G", subscription).encode()));
    }

    private RemotingCommand heartbeat(String group, SubscriptionData subscription) throws InterruptedException {
        ConsumerData consumer = new ConsumerData(
                group,
                ConsumerData.CONSUME_PASSIVELY,
                ConsumerData.CLUSTERING,
                "CONSUME_FROM_FIRST_OFFSET",
                List.of(subscription));
        return cluster.toBroker(TestCluster.heartbeat(new HeartbeatData("10.0.0.1@1#1", List.of(consumer), List.of())));
    }
}
