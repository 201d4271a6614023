package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.createTopic;
import static io.sluice.mq.broker.TestCluster.queueRequest;
import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a clean restart keeps: topics, messages, committed offsets. */
class BrokerRestartTest {

    @TempDir
    Path dir;

    @Test
    void cleanRestartKeepsTopicsMessagesAndCommittedOffsets() throws Exception {
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            assertThat(cluster.toBroker(createTopic("Kept", 2)).code()).isEqualTo(ResponseCode.SUCCESS);
            for (int i = 0; i < 3; i++) {
                assertThat(cluster.send(sendV2("Kept", 1, "m" + i, "")).code()).isEqualTo(ResponseCode.SUCCESS);
            }
            RemotingCommand commit = queueRequest(RequestCode.UPDATE_CONSUMER_OFFSET, "Kept", 1)
                    .putExt("consumerGroup", "G")
                    .putExt("commitOffset", 2);
            assertThat(cluster.toBroker(commit).code()).isEqualTo(ResponseCode.SUCCESS);
        }

        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            TopicConfigTable topics =
                    TopicConfigTable.decode(cluster.toBroker(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_CONFIG))
                            .bodyBytes());
            TopicConfig kept = topics.topics().get("Kept");
            assertThat(kept.readQueueNums()).isEqualTo(2);
            assertThat(kept.perm()).isEqualTo(6);
            assertThat(topics.topics()).containsKey("TBW102");
            assertThat(topics.dataVersion().counter()).isGreaterThanOrEqualTo(2);

            List<WireMessage> messages =
                    StoredMessageDecoder.decodeAll(cluster.toBroker(TestCluster.pullWith("G", "Kept", 1, 0, "*"))
                            .body());
            assertThat(messages)
                    .extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                    .containsExactly("m0", "m1", "m2");

            RemotingCommand offset = cluster.toBroker(
                    queueRequest(RequestCode.QUERY_CONSUMER_OFFSET, "Kept", 1).putExt("consumerGroup", "G"));
            assertThat(offset.ext("offset")).isEqualTo("2");

            // The broker registered the persisted topic with the new nameserver at start.
            assertThat(cluster.toNamesrv(TestCluster.route("Kept")).code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void autoCreationOffRefusesUnknownTopicsAndDropsTbw102() throws Exception {
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            assertThat(cluster.send(sendV2("Early", 0, "x", "")).code()).isEqualTo(ResponseCode.SUCCESS);
        }
        BrokerConfig production =
                TestCluster.config(dir).autoCreateTopicEnable(false).build();
        try (TestCluster cluster = TestCluster.start(production)) {
            RemotingCommand refused = cluster.toBroker(sendV2("Unknown", 0, "x", ""));
            assertThat(refused.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
            assertThat(refused.remark()).contains("Unknown");
            assertThat(cluster.toNamesrv(TestCluster.route("TBW102")).code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);

            assertThat(cluster.send(sendV2("Early", 0, "y", "")).code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(cluster.toBroker(createTopic("Made", 1)).code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(cluster.toNamesrv(TestCluster.route("Made")).code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(cluster.send(sendV2("Made", 0, "z", "")).code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(cluster.send(sendV2("%RETRY%SomeGroup", 0, "r", "")).code())
                    .as("retry topics are created even without auto-creation")
                    .isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void fullDiskRefusesSendsWithServiceNotAvailable() throws Exception {
        FileStore disk = Files.getFileStore(dir);
        double used = 1.0 - (double) disk.getUsableSpace() / disk.getTotalSpace();
        assumeTrue(used > 0.02, "the disk must be over 1% full for a 1% limit to refuse writes");
        BrokerConfig config =
                TestCluster.config(dir).diskSpaceWarningLevelPercent(1).build();
        try (TestCluster cluster = TestCluster.start(config)) {
            boolean refused = TestCluster.waitUntil(10_000, () -> {
                try {
                    return cluster.toBroker(sendV2("Full", 0, "x", "")).code() == ResponseCode.SERVICE_NOT_AVAILABLE;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            assertThat(refused).isTrue();
            RemotingCommand response = cluster.toBroker(sendV2("Full", 0, "x", ""));
            assertThat(response.remark()).contains("full");
        }
    }

    @Test
    void shutdownUnregistersFromTheNameServer() throws Exception {
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            assertThat(cluster.toNamesrv(TestCluster.route("TBW102")).code()).isEqualTo(ResponseCode.SUCCESS);
            cluster.cluster.broker().close();
            assertThat(cluster.toNamesrv(TestCluster.route("TBW102")).code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        }
    }
}
