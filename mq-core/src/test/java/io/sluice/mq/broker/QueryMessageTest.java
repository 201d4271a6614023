package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QUERY_MESSAGE on the wire: headers of the answer, not found, and bad fields named. */
class QueryMessageTest {

    @TempDir
    Path dir;

    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(TestCluster.config(dir).build());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static RemotingCommand query(String key, int maxNum, long begin, long end) {
        return RemotingCommand.request(RequestCode.QUERY_MESSAGE)
                .putExt("topic", "Q")
                .putExt("key", key)
                .putExt("maxNum", maxNum)
                .putExt("beginTimestamp", begin)
                .putExt("endTimestamp", end)
                .putExt("_UNIQUE_KEY_QUERY", false);
    }

    @Test
    void answersTheRecordsWithTheIndexPositionOrNotFound() throws Exception {
        cluster.send(sendV2("Q", 0, "one", TestCluster.properties(Map.of("KEYS", "k1 k2"))));
        cluster.send(sendV2("Q", 0, "two", TestCluster.properties(Map.of("KEYS", "k2"))));
        assertThat(TestCluster.waitUntil(5_000, () -> found("k2") == 2)).isTrue();

        RemotingCommand response = cluster.toBroker(query("k1", 32, 0, Long.MAX_VALUE));
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(StoredMessageDecoder.decodeAll(response.body())).hasSize(1);
        assertThat(response.requireExtLong("indexLastUpdatePhyoffset")).isPositive();
        assertThat(response.requireExtLong("indexLastUpdateTimestamp")).isPositive();

        RemotingCommand none = cluster.toBroker(query("k3", 32, 0, Long.MAX_VALUE));
        assertThat(none.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        assertThat(none.remark()).contains("k3");
    }

    @Test
    void badFieldsAreNamed() throws Exception {
        RemotingCommand zero = cluster.toBroker(query("k", 0, 0, 1));
        assertThat(zero.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(zero.remark()).contains("maxNum");
        RemotingCommand backwards = cluster.toBroker(query("k", 1, 10, 5));
        assertThat(backwards.remark()).contains("endTimestamp").contains("beginTimestamp");
        RemotingCommand missing = query("k", 1, 0, 1);
        missing.extFields().remove("key");
        assertThat(cluster.toBroker(missing).remark()).contains("key");
    }

    private int found(String key) {
        try {
            RemotingCommand response = cluster.toBroker(query(key, 32, 0, Long.MAX_VALUE));
            return response.code() == ResponseCode.SUCCESS
                    ? StoredMessageDecoder.decodeAll(response.body()).size()
                    : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
