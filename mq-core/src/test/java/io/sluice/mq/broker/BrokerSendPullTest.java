package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.properties;
import static io.sluice.mq.broker.TestCluster.pull;
import static io.sluice.mq.broker.TestCluster.pullWith;
import static io.sluice.mq.broker.TestCluster.route;
import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.QueueData;
import io.sluice.mq.protocol.body.TopicRouteData;
import io.sluice.mq.protocol.message.BatchCodec;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sends and pulls over real sockets, as an official client would. */
class BrokerSendPullTest {

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

    private static List<WireMessage> decode(RemotingCommand response) {
        return StoredMessageDecoder.decodeAll(response.body());
    }

    @Test
    void sentMessageIsPulledWithTheSameBodyAndProperties() throws Exception {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("myProp", "v1");
        sent.put("KEYS", "key-1");
        sent.put("UNIQ_KEY", "FD000000000000000000000000000002628F30946E09798C1A630001");
        sent.put("WAIT", "true");
        sent.put("TAGS", "TagA");
        RemotingCommand response = cluster.send(sendV2("SendPull", 1, "hello broker", properties(sent)));

        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.extFields())
                .containsEntry("queueId", "1")
                .containsEntry("queueOffset", "0")
                .containsEntry("transactionId", sent.get("UNIQ_KEY"))
                .containsEntry("MSG_REGION", "DefaultRegion")
                .containsEntry("TRACE_ON", "true")
                .containsKey("msgId");

        RemotingCommand pulled = cluster.toBroker(pullWith("G1", "SendPull", 1, 0, "*"));
        assertThat(pulled.code()).as(pulled.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(pulled.remark()).isEqualTo("FOUND");
        assertThat(pulled.extFields())
                .containsEntry("nextBeginOffset", "1")
                .containsEntry("minOffset", "0")
                .containsEntry("maxOffset", "1")
                .containsEntry("suggestWhichBrokerId", "0");
        List<WireMessage> messages = decode(pulled);
        assertThat(messages).hasSize(1);
        WireMessage message = messages.get(0);
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("hello broker");
        assertThat(message.topic()).isEqualTo("SendPull");
        assertThat(message.queueId()).isEqualTo(1);
        assertThat(message.queueOffset()).isZero();
        assertThat(message.bornTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(message.propertyMap()).containsAllEntriesOf(sent).containsEntry("CLUSTER", "DefaultCluster");
        assertThat(message.offsetMessageId()).isEqualTo(response.ext("msgId"));
        assertThat(MessageIds.decode(response.ext("msgId")).brokerAddress()).isEqualTo(cluster.broker());
    }

    @Test
    void brokerAddsAUniqueKeyWhenTheProducerSentNone() throws Exception {
        RemotingCommand response = cluster.send(sendV2("NoKey", 0, "x", ""));
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        String key = response.ext("transactionId");
        assertThat(key).matches("[0-9A-F]{32}");
        WireMessage message =
                decode(cluster.toBroker(pullWith("G1", "NoKey", 0, 0, "*"))).get(0);
        assertThat(message.property("UNIQ_KEY")).isEqualTo(key);
    }

    @Test
    void batchGetsConsecutiveOffsetsAndOneIdPerMessage() throws Exception {
        List<BatchCodec.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(new BatchCodec.Entry(
                    i, ("batch-" + i).getBytes(StandardCharsets.UTF_8), properties(Map.of("UNIQ_KEY", "K" + i))));
        }
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_BATCH_MESSAGE);
        // 5.x clients give the batch a key of its own.
        sendV2("Batch", 2, "", properties(Map.of("WAIT", "true", "UNIQ_KEY", "BATCH-KEY")))
                .extFields()
                .forEach(request::putExt);
        request.putExt("m", true).body(BatchCodec.encode(entries));
        cluster.send(sendV2("Batch", 2, "before", ""));

        RemotingCommand response = cluster.send(request);

        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.ext("queueOffset")).isEqualTo("1");
        assertThat(response.ext("transactionId")).isEqualTo("BATCH-KEY");
        // batchUniqId would make 5.x clients report one id for the whole batch.
        assertThat(response.extFields()).doesNotContainKey("batchUniqId");
        String[] ids = response.ext("msgId").split(",");
        assertThat(ids).hasSize(5);
        List<WireMessage> messages = decode(cluster.toBroker(pullWith("G1", "Batch", 2, 1, "*")));
        assertThat(messages).extracting(WireMessage::queueOffset).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(messages).extracting(WireMessage::offsetMessageId).containsExactly(ids);
        assertThat(messages)
                .extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                .containsExactly("batch-0", "batch-1", "batch-2", "batch-3", "batch-4");
        assertThat(messages).extracting(WireMessage::flag).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void tagFilterSkipsOtherTagsAndAnswersRetryImmediatelyWhenNothingMatches() throws Exception {
        for (String tag : List.of("TagA", "TagB", "TagC", "TagB")) {
            cluster.send(sendV2("Tags", 0, tag, properties(Map.of("TAGS", tag))));
        }
        RemotingCommand pulled = cluster.toBroker(pullWith("G1", "Tags", 0, 0, "TagB || TagC"));
        assertThat(decode(pulled))
                .extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                .containsExactly("TagB", "TagC", "TagB");

        RemotingCommand none = cluster.toBroker(pullWith("G1", "Tags", 0, 0, "TagZ"));
        assertThat(none.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(none.remark()).isEqualTo("NO_MATCHED_MESSAGE");
        assertThat(none.ext("nextBeginOffset")).isEqualTo("4");
    }

    @Test
    void pullOutsideTheQueueIsMovedOrNotFoundWithAllHeaderFields() throws Exception {
        cluster.send(sendV2("Bounds", 0, "one", ""));
        RemotingCommand atEnd = cluster.toBroker(pullWith("G1", "Bounds", 0, 1, "*"));
        assertThat(atEnd.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertThat(atEnd.remark()).isEqualTo("OFFSET_OVERFLOW_ONE");
        RemotingCommand beyond = cluster.toBroker(pullWith("G1", "Bounds", 0, 7, "*"));
        assertThat(beyond.code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
        assertThat(beyond.ext("nextBeginOffset")).isEqualTo("1");
        RemotingCommand emptyQueue = cluster.toBroker(pullWith("G1", "Bounds", 1, 0, "*"));
        assertThat(emptyQueue.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        for (RemotingCommand response : List.of(atEnd, beyond, emptyQueue)) {
            assertThat(response.extFields())
                    .containsKeys("suggestWhichBrokerId", "nextBeginOffset", "minOffset", "maxOffset");
        }
    }

    @Test
    void pullWithoutSubscriptionNeedsAHeartbeat() throws Exception {
        cluster.send(sendV2("NoSub", 0, "x", ""));
        RemotingCommand response = cluster.toBroker(pull("Unknown", "NoSub", 0, 0, 0, 0));
        assertThat(response.code()).isEqualTo(ResponseCode.SUBSCRIPTION_NOT_EXIST);
        assertThat(cluster.toBroker(pullWith("G1", "NeverCreated", 0, 0, "*")).code())
                .isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void unknownTopicIsCreatedFromTbw102AndRegisteredWithTheNameServer() throws Exception {
        RemotingCommand response = cluster.send(sendV2("AutoCreated", 3, "x", ""));
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);

        assertThat(TestCluster.waitUntil(5_000, () -> routeCode("AutoCreated") == ResponseCode.SUCCESS))
                .isTrue();
        TopicRouteData route =
                TopicRouteData.decode(cluster.toNamesrv(route("AutoCreated")).bodyBytes());
        assertThat(route.queueDatas()).containsExactly(new QueueData("broker-a", 4, 4, 6, 0));
        BrokerData broker = route.brokerDatas().get(0);
        assertThat(broker.masterAddress()).isEqualTo(cluster.broker());
        TopicRouteData tbw =
                TopicRouteData.decode(cluster.toNamesrv(route("TBW102")).bodyBytes());
        assertThat(tbw.queueDatas()).containsExactly(new QueueData("broker-a", 8, 8, 7, 0));
    }

    private static int routeCode(String topic) {
        try {
            return cluster.toNamesrv(route(topic)).code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void requestsThatBreakTheRulesGetClearCodes() throws Exception {
        RemotingCommand system = cluster.send(sendV2("SCHEDULE_TOPIC_XXXX", 0, "x", ""));
        assertThat(system.code()).isEqualTo(ResponseCode.NO_PERMISSION);

        RemotingCommand badName = cluster.send(sendV2("bad topic!", 0, "x", ""));
        assertThat(badName.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(badName.remark()).contains("bad topic!");

        cluster.toBroker(TestCluster.createTopic("Rules", 2));
        RemotingCommand badQueue = cluster.send(sendV2("Rules", 2, "x", ""));
        assertThat(badQueue.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(badQueue.remark()).contains("queueId[2]");

        RemotingCommand oversize = cluster.send(sendV2("Rules", 0, "x".repeat(64 * 1024 + 1), ""));
        assertThat(oversize.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(oversize.remark()).contains(Integer.toString(64 * 1024 + 1)).contains(Integer.toString(64 * 1024));

        // A half message is checked against its real topic and queue like any send.
        RemotingCommand transactional =
                cluster.toBroker(sendV2("Rules", 2, "x", properties(Map.of("TRAN_MSG", "true"))));
        assertThat(transactional.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(transactional.remark()).contains("queueId[2]");
    }

    @Test
    void missingRequiredHeaderFieldIsNamedAndTheBrokerStaysUp() throws Exception {
        RemotingCommand request = sendV2("Missing", 0, "x", "");
        request.extFields().remove("b");
        RemotingCommand response = cluster.toBroker(request);
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).contains("<b>").contains("topic");

        RemotingCommand pullRequest = pullWith("G1", "Missing", 0, 0, "*");
        pullRequest.extFields().remove("queueOffset");
        assertThat(cluster.toBroker(pullRequest).remark()).contains("queueOffset");

        assertThat(cluster.send(sendV2("Missing", 0, "x", "")).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void viewByIdReturnsTheStoredRecordAndRefusesUnknownOffsets() throws Exception {
        RemotingCommand sent = cluster.send(sendV2("View", 0, "look at me", ""));
        MessageIds.OffsetId id = MessageIds.decode(sent.ext("msgId"));
        RemotingCommand view = cluster.client.invokeSync(
                id.brokerAddress(),
                RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID).putExt("offset", id.logPosition()),
                TestCluster.TIMEOUT_MS);
        assertThat(view.code()).as(view.remark()).isEqualTo(ResponseCode.SUCCESS);
        WireMessage message = decode(view).get(0);
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("look at me");
        assertThat(message.offsetMessageId()).isEqualTo(sent.ext("msgId"));

        for (long bad : List.of(id.logPosition() + 1, 1L << 40)) {
            RemotingCommand refused = cluster.toBroker(
                    RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID).putExt("offset", bad));
            assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(refused.remark()).contains("no message at commit-log offset " + bad);
        }
    }

    @Test
    void propertiesWithTrailingSeparatorKeepTheirForm() throws Exception {
        String fiveX = "A" + MessageProperties.NAME_VALUE_SEPARATOR + "1" + MessageProperties.PROPERTY_SEPARATOR;
        cluster.send(sendV2("Trailing", 0, "x", fiveX));
        WireMessage message =
                decode(cluster.toBroker(pullWith("G1", "Trailing", 0, 0, "*"))).get(0);
        assertThat(message.properties()).startsWith(fiveX + "UNIQ_KEY");
        assertThat(message.propertyMap()).containsEntry("A", "1").containsKeys("UNIQ_KEY", "CLUSTER");
    }
}
