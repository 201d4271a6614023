package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.createTopic;
import static io.sluice.mq.broker.TestCluster.queueRequest;
import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.protocol.ExtensionFields;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed offsets and queue bounds. */
class OffsetsTest {

    @TempDir
    static Path dir;

    private static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(TestCluster.config(dir).build());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static RemotingCommand query(String group, String topic, int queueId) throws InterruptedException {
        return cluster.toBroker(
                queueRequest(RequestCode.QUERY_CONSUMER_OFFSET, topic, queueId).putExt("consumerGroup", group));
    }

    private static RemotingCommand update(String group, String topic, int queueId, long offset) {
        return queueRequest(RequestCode.UPDATE_CONSUMER_OFFSET, topic, queueId)
                .putExt("consumerGroup", group)
                .putExt("commitOffset", offset);
    }

    private static String offsetOf(int code, String topic, int queueId) throws InterruptedException {
        RemotingCommand response = cluster.toBroker(queueRequest(code, topic, queueId));
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return response.ext("offset");
    }

    @Test
    void unknownOffsetIsNotFoundThenCommittedOffsetsAreReturned() throws Exception {
        RemotingCommand unknown = query("G", "Offsets", 0);
        assertThat(unknown.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);

        assertThat(cluster.toBroker(update("G", "Offsets", 0, 7)).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(query("G", "Offsets", 0).ext("offset")).isEqualTo("7");

        // Consumers commit oneway; the broker stores it all the same.
        cluster.client
                .invokeOneway(cluster.broker(), update("G", "Offsets", 0, 9))
                .get();
        assertThat(TestCluster.waitUntil(5_000, () -> "9".equals(queryQuietly("G", "Offsets", 0))))
                .isTrue();

        RemotingCommand negative = cluster.toBroker(update("G", "Offsets", 1, -1));
        assertThat(negative.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
    }

    @Test
    void commitMetadataIsStoredWithTheOffsetAndAnsweredByQueries() throws Exception {
        String field = ExtensionFields.COMMIT_METADATA;
        RemotingCommand withMetadata = update("M", "Offsets", 2, 11).putExt(field, "job=j1 checkpoint=4");
        assertThat(cluster.toBroker(withMetadata).code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand answer = query("M", "Offsets", 2);
        assertThat(answer.ext("offset")).isEqualTo("11");
        assertThat(answer.ext(field)).isEqualTo("job=j1 checkpoint=4");

        RemotingCommand tooLong = update("M", "Offsets", 2, 12).putExt(field, "x".repeat(4097));
        RemotingCommand refused = cluster.toBroker(tooLong);
        assertThat(refused.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(refused.remark()).contains(field, "4097");
        assertThat(query("M", "Offsets", 2).ext("offset")).isEqualTo("11");

        // A stock client's commit carries no metadata: the old metadata must not describe it.
        assertThat(cluster.toBroker(update("M", "Offsets", 2, 13)).code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand plain = query("M", "Offsets", 2);
        assertThat(plain.ext("offset")).isEqualTo("13");
        assertThat(plain.ext(field)).isNull();
    }

    private static String queryQuietly(String group, String topic, int queueId) {
        try {
            return query(group, topic, queueId).ext("offset");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Test
    void pullPiggyBacksTheCommittedOffset() throws Exception {
        cluster.send(sendV2("Piggy", 0, "m", ""));
        RemotingCommand pull = TestCluster.pullWith("PG", "Piggy", 0, 0, "*")
                .putExt("sysFlag", 0x1 | 0x4)
                .putExt("commitOffset", 3);
        assertThat(cluster.toBroker(pull).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(query("PG", "Piggy", 0).ext("offset")).isEqualTo("3");
    }

    @Test
    void queueBoundsAndTimeSearch() throws Exception {
        cluster.toBroker(createTopic("Bounds", 1));
        assertThat(offsetOf(RequestCode.GET_MAX_OFFSET, "Bounds", 0)).isEqualTo("0");
        RemotingCommand emptyEarliest =
                cluster.toBroker(queueRequest(RequestCode.GET_EARLIEST_MSG_STORETIME, "Bounds", 0));
        assertThat(emptyEarliest.ext("timestamp")).isEqualTo("-1");

        long before = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            cluster.send(sendV2("Bounds", 0, "m" + i, ""));
        }
        long after = System.currentTimeMillis();

        assertThat(offsetOf(RequestCode.GET_MAX_OFFSET, "Bounds", 0)).isEqualTo("3");
        assertThat(offsetOf(RequestCode.GET_MIN_OFFSET, "Bounds", 0)).isEqualTo("0");
        RemotingCommand earliest = cluster.toBroker(queueRequest(RequestCode.GET_EARLIEST_MSG_STORETIME, "Bounds", 0));
        assertThat(Long.parseLong(earliest.ext("timestamp"))).isBetween(before, after);

        RemotingCommand fromStart = queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "Bounds", 0)
                .putExt("timestamp", 0);
        assertThat(cluster.toBroker(fromStart).ext("offset")).isEqualTo("0");
        RemotingCommand future = queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "Bounds", 0)
                .putExt("timestamp", after + 60_000);
        assertThat(cluster.toBroker(future).ext("offset")).isEqualTo("3");
        RemotingCommand upper = queueRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "Bounds", 0)
                .putExt("timestamp", after + 60_000)
                .putExt("boundaryType", "UPPER");
        assertThat(cluster.toBroker(upper).ext("offset")).isEqualTo("2");
    }
}
