package io.sluice.mq.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.PushConsumer;
import io.sluice.mq.client.consumer.PushConsumerConfig;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.launcher.SluiceMain;
import io.sluice.mq.standalone.StandaloneCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice admin} run in-process against a real in-process nameserver and broker. */
class AdminCliTest {

    private static final List<String> COMMANDS = List.of(
            "clusterList",
            "brokerStatus",
            "getBrokerConfig",
            "updateBrokerConfig",
            "topicList",
            "topicRoute",
            "topicStatus",
            "updateTopic",
            "deleteTopic",
            "updateSubGroup",
            "deleteSubGroup",
            "resetOffsetByTime",
            "consumerProgress",
            "consumerConnection",
            "producerConnection",
            "sendMessage",
            "queryMsgById",
            "queryMsgByKey",
            "queryMsgByUniqueKey",
            "queryMsgByOffset",
            "printMsg",
            "consumeMessage");

    @TempDir
    static Path directory;

    private static StandaloneCluster cluster;
    private static String clusterName;
    private static String brokerName;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(
                BrokerConfig.builder(directory).ephemeralLoopback().build(), new SystemClock());
        clusterName = cluster.broker().config().clusterName();
        brokerName = cluster.broker().config().brokerName();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static CliRun admin(String... args) {
        return CliRun.admin(cluster.namesrvAddress(), args);
    }

    private static MqClient client(String name) {
        return new MqClient(
                        ClientConfig.builder(cluster.namesrvAddress())
                                .instanceName(name)
                                .clientIp("127.0.0.1")
                                .build(),
                        new SystemClock(),
                        new SplittableRandom(7))
                .start();
    }

    private static <T> T until(String what, Supplier<T> supplier, Predicate<T> done) {
        return CliRun.until(what, supplier, done);
    }

    private static void until(String what, BooleanSupplier condition) {
        until(what, condition::getAsBoolean, Boolean::booleanValue);
    }

    private static String topic(String prefix) {
        return prefix + "_" + System.nanoTime();
    }

    private static void createTopic(String topic, int queues) {
        admin("updateTopic", "-c", clusterName, "-t", topic, "-r", "" + queues, "-w", "" + queues)
                .ok();
        until("route of " + topic, () -> admin("topicRoute", "-t", topic).status() == 0);
    }

    @Test
    void everyCommandHasHelpNamingItsOptionsAndJson() {
        for (String command : COMMANDS) {
            CliRun run = admin(command, "--help");
            assertThat(run.status()).as("%s: %s", command, run.err()).isZero();
            assertThat(run.out()).as(command).contains("Usage:", command, "--json", "-n, --namesrvAddr");
        }
        assertThat(admin("--help").ok().out()).contains(COMMANDS.toArray(String[]::new));
    }

    @Test
    void optionsDeclaredOnceKeepEachCommandsOwnHelpWording() {
        assertThat(admin("sendMessage", "--help").ok().out()).containsPattern("-t, --topic=<topic>\\s+Topic\\.\\n");
        assertThat(admin("topicRoute", "--help").ok().out()).containsPattern("-t, --topic=<topic>\\s+Topic name\\.");
        assertThat(admin("producerConnection", "--help").ok().out()).contains("A topic the group produces to.");
        assertThat(admin("brokerStatus", "--help").ok().out())
                .containsPattern("-b, --brokerAddr=<brokerAddr>\\s+Broker address ip:port\\.")
                .containsPattern("-c, --clusterName=<cluster>\\s+Every master of this cluster\\.");
        assertThat(admin("updateSubGroup", "--help").ok().out())
                .contains("On this broker (ip:port).", "On every master of this cluster.")
                .containsPattern("-g, --groupName=<group>\\s+Consumer group\\.");
        assertThat(admin("deleteSubGroup", "--help").ok().out()).contains("From this broker (ip:port).");
    }

    @Test
    void errorsAreOneLineWithANonZeroStatus() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int unreachable = SluiceMain.run(
                new SystemClock(),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "admin",
                "topicList",
                "-n",
                "127.0.0.1:1",
                "--timeout",
                "1000");
        assertThat(unreachable).isEqualTo(1);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("sluice: ")
                .contains("nameserver");

        CliRun missing = admin("topicRoute");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err().lines()).singleElement().asString().contains("--topic");

        CliRun badTime = admin("resetOffsetByTime", "-g", "G", "-t", "T", "-s", "yesterday");
        assertThat(badTime.status()).isEqualTo(2);
        assertThat(badTime.err().lines()).singleElement().asString().contains("-s", "yesterday");

        CliRun unknownTopic = admin("topicRoute", "-t", "NoSuchTopic");
        assertThat(unknownTopic.status()).isEqualTo(1);
        assertThat(unknownTopic.err().lines()).singleElement().asString().contains("NoSuchTopic", "does not exist");

        CliRun unknownGroup = admin("consumerProgress", "-g", "NoSuchGroup");
        assertThat(unknownGroup.status()).isEqualTo(1);
        assertThat(unknownGroup.err().lines()).singleElement().asString().contains("NoSuchGroup");

        CliRun offline = admin("consumerConnection", "-g", "NoSuchGroup");
        assertThat(offline.status()).isEqualTo(1);
        assertThat(offline.err()).contains("NoSuchGroup", "not online").doesNotContain("\tat ");

        CliRun unknownCluster = admin("updateTopic", "-c", "NoSuchCluster", "-t", "X");
        assertThat(unknownCluster.status()).isEqualTo(1);
        assertThat(unknownCluster.err().lines()).singleElement().asString().contains("NoSuchCluster");
    }

    @Test
    void topicsAreCreatedListedRoutedAndDeleted() {
        String topic = topic("AdminTopic");
        CliRun created = admin("updateTopic", "-c", clusterName, "-t", topic, "-r", "3", "-w", "3");
        assertThat(created.ok().out()).contains("create topic to " + cluster.brokerAddress() + " success.");
        until("route of " + topic, () -> admin("topicRoute", "-t", topic).status() == 0);

        assertThat(admin("topicList").ok().out().lines()).contains(topic);
        assertThat(admin("topicList", "--json").ok().json().get("topics"))
                .asList()
                .contains(topic);
        assertThat(admin("topicList", "-c").ok().out()).contains("#Cluster Name", "#Topic", topic);

        CliRun table = admin("topicRoute", "-t", topic, "-l").ok();
        assertThat(table.out().lines().findFirst().orElseThrow())
                .containsSubsequence(
                        "#ClusterName", "#BrokerName", "#BrokerAddr", "#ReadQueueNums", "#WriteQueueNums", "#Perm");
        assertThat(table.out()).containsPattern(brokerName + "\\s+" + cluster.brokerAddress() + "\\s+3\\s+3\\s+6");
        assertThat(admin("topicRoute", "-t", topic).ok().out()).contains("\"brokerDatas\"", "\"queueDatas\"");
        Map<String, Object> route =
                admin("topicRoute", "-t", topic, "--json").ok().json();
        assertThat(route.get("queues")).asList().singleElement().asString().contains("readQueueNums=3");

        CliRun status = admin("topicStatus", "-t", topic).ok();
        assertThat(status.out().lines().findFirst().orElseThrow())
                .containsSubsequence("#Broker Name", "#QID", "#Min Offset", "#Max Offset", "#Last Updated");
        assertThat(status.out().lines()).hasSize(4);
        assertThat(admin("topicStatus", "-t", topic, "--json").ok().json().get("queues"))
                .asList()
                .hasSize(3);

        CliRun deleted = admin("deleteTopic", "-t", topic, "-c", clusterName).ok();
        assertThat(deleted.out())
                .contains("delete topic [" + topic + "] from cluster [" + clusterName + "] success.")
                .contains("delete topic [" + topic + "] from NameServer success.");
        assertThat(admin("topicRoute", "-t", topic).status()).isEqualTo(1);
        assertThat(admin("topicList").ok().out().lines()).doesNotContain(topic);
    }

    @Test
    void aSentMessageIsFoundByIdKeyUniqueKeyOffsetAndRead() {
        String topic = topic("AdminMsg");
        createTopic(topic, 2);
        CliRun sent = admin(
                        "sendMessage",
                        "-t",
                        topic,
                        "-p",
                        "hello admin",
                        "-k",
                        "order-7",
                        "-c",
                        "TagA",
                        "-b",
                        brokerName,
                        "-i",
                        "1",
                        "--json")
                .ok();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = ((List<Map<String, Object>>) sent.json().get("results")).get(0);
        assertThat(result).containsEntry("brokerName", brokerName).containsEntry("sendResult", "SEND_OK");
        String msgId = (String) result.get("msgId");
        String offsetMsgId = (String) sent.json().get("offsetMsgId");
        CliRun text = admin("sendMessage", "-t", topic, "-p", "second", "-b", brokerName, "-i", "1")
                .ok();
        assertThat(text.out().lines().findFirst().orElseThrow())
                .containsSubsequence("#Broker Name", "#QID", "#Send Result", "#MsgId");
        assertThat(text.out()).containsPattern(brokerName + "\\s+1\\s+SEND_OK\\s+[0-9A-F]{32}");

        CliRun byId = admin("queryMsgById", "-i", offsetMsgId).ok();
        assertThat(byId.out())
                .containsPattern("Topic:\\s+" + topic)
                .containsPattern("Tags:\\s+\\[TagA\\]")
                .containsPattern("Keys:\\s+\\[order-7\\]")
                .containsPattern("Queue ID:\\s+1")
                .containsPattern("Queue Offset:\\s+0")
                .containsPattern("Message Body:\\s+hello admin");
        assertThat(admin("queryMsgByUniqueKey", "-i", msgId, "-t", topic, "--json")
                        .ok()
                        .json()
                        .get("message"))
                .asString()
                .contains("body=hello admin", "msgId=" + msgId);

        CliRun byKey = until("indexed key", () -> admin("queryMsgByKey", "-t", topic, "-k", "order-7"), r -> r.out()
                .contains(msgId));
        assertThat(byKey.out().lines().findFirst().orElseThrow()).containsSubsequence("#Message ID", "#QID", "#Offset");
        assertThat(byKey.out()).containsPattern(msgId + "\\s+1\\s+0");

        assertThat(admin("queryMsgByOffset", "-t", topic, "-b", brokerName, "-i", "1", "-o", "1")
                        .ok()
                        .out())
                .containsPattern("Message Body:\\s+second");
        CliRun noMessage = admin("queryMsgByOffset", "-t", topic, "-b", brokerName, "-i", "1", "-o", "5");
        assertThat(noMessage.status()).isEqualTo(1);
        assertThat(noMessage.err()).contains("no message at offset 5");

        CliRun printed = admin("printMsg", "-t", topic).ok();
        assertThat(printed.out()).contains("hello admin", "second", "#Body");
        assertThat(admin("printMsg", "-t", topic, "-s", "TagA", "--json")
                        .ok()
                        .json()
                        .get("messages"))
                .asList()
                .singleElement()
                .asString()
                .contains("body=hello admin");
        CliRun consumed = admin("consumeMessage", "-t", topic, "-b", brokerName, "-i", "1", "-o", "1")
                .ok();
        assertThat(consumed.out())
                .contains("second")
                .doesNotContain("hello admin")
                .contains("print msg finished. status=FOUND, queue=" + brokerName + ":1, offset=2");
    }

    @Test
    void bodiesGoToFilesWithBodyDirAndAnUnwritableDirectoryIsOneLine(@TempDir Path dumps) throws Exception {
        String topic = topic("AdminBody");
        createTopic(topic, 1);
        byte[] binary = {0, 1, 2, (byte) 0xFF, 'x'};
        MqClient producerClient = client("body-producer");
        String msgId;
        try (producerClient) {
            msgId = producerClient
                    .newProducer(ProducerConfig.of("PG_body"))
                    .send(Message.of(topic, binary))
                    .msgId();
        }
        Path dir = dumps.resolve("bodies");

        CliRun details = admin("queryMsgByUniqueKey", "-i", msgId, "-t", topic, "--bodyDir", dir.toString())
                .ok();
        Path file = dir.resolve(msgId).toAbsolutePath();
        assertThat(details.out())
                .containsPattern("Message Body Path:\\s+" + java.util.regex.Pattern.quote(file.toString()))
                .doesNotContain("Message Body:");
        assertThat(java.nio.file.Files.readAllBytes(file))
                .as("the body byte for byte")
                .isEqualTo(binary);

        CliRun printed = admin("printMsg", "-t", topic, "--bodyDir", dir.toString(), "--json")
                .ok();
        assertThat(printed.json().get("messages"))
                .asList()
                .singleElement()
                .asString()
                .contains("body=" + file);

        Path blocker = dumps.resolve("not-a-directory");
        java.nio.file.Files.writeString(blocker, "a file where the directory should be");
        CliRun refused = admin("queryMsgByUniqueKey", "-i", msgId, "-t", topic, "--bodyDir", blocker.toString());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().lines())
                .singleElement()
                .asString()
                .contains("cannot write the body of message " + msgId, blocker.toString());
    }

    @Test
    void groupsConnectionsProgressAndAResetFollowedByAnOnlineConsumer() throws Exception {
        String topic = topic("AdminGroup");
        String group = "CG_" + System.nanoTime();
        createTopic(topic, 2);
        CliRun created = admin("updateSubGroup", "-c", clusterName, "-g", group, "-r", "5", "--json")
                .ok();
        assertThat(created.json().get("subscriptionGroupConfig"))
                .asString()
                .contains("retryMaxTimes=5", "groupName=" + group);

        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        try (MqClient producerClient = client("admin-producer");
                MqClient consumerClient = client("admin-consumer")) {
            Producer producer = producerClient.newProducer(ProducerConfig.of("PG_admin"));
            for (int i = 0; i < 6; i++) {
                producer.send(Message.of(topic, ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
            PushConsumer push = consumerClient.newPushConsumer(
                    ConsumerConfig.builder(group)
                            .pullSuspend(Duration.ofSeconds(1))
                            .startPosition(StartPosition.first())
                            .build(),
                    PushConsumerConfig.defaults().withCommitInterval(Duration.ofMillis(200)),
                    message -> received.computeIfAbsent(
                                    new String(message.body(), StandardCharsets.UTF_8), b -> new AtomicInteger())
                            .incrementAndGet());
            push.subscribe(topic, "*").start();
            until("first deliveries", () -> received.size() == 6);

            CliRun connection = admin("consumerConnection", "-g", group).ok();
            assertThat(connection.out().lines().findFirst().orElseThrow())
                    .containsSubsequence("#ClientId", "#ClientAddr", "#Language", "#Version");
            assertThat(connection.out())
                    .contains(consumerClient.clientId(), "JAVA", "Below is subscription:")
                    .containsPattern(topic + "\\s+\\*")
                    .contains("MessageModel: CLUSTERING");
            producerClient.heartbeatNow();
            CliRun producers = admin("producerConnection", "-g", "PG_admin", "-t", topic, "--json")
                    .ok();
            assertThat(producers.json().get("connections"))
                    .asList()
                    .singleElement()
                    .asString()
                    .contains(producerClient.clientId());

            CliRun progress =
                    until("committed offsets", () -> admin("consumerProgress", "-g", group, "-t", topic), r -> r.out()
                            .contains("Consume Diff Total: 0"));
            assertThat(progress.out().lines().findFirst().orElseThrow())
                    .containsSubsequence(
                            "#Topic",
                            "#Broker Name",
                            "#QID",
                            "#Broker Offset",
                            "#Consumer Offset",
                            "#Diff",
                            "#LagSeconds",
                            "#LastTime");
            assertThat(admin("consumerProgress", "-g", group, "-t", topic, "--json")
                            .ok()
                            .json())
                    .containsEntry("diffTotal", 0L);
            assertThat(admin("consumerProgress").ok().out()).contains("#Group", "#Diff Total", group);

            CliRun reset = admin("resetOffsetByTime", "-g", group, "-t", topic, "-s", "0")
                    .ok();
            assertThat(reset.out())
                    .contains("rollback consumer offset by specified group[" + group + "], topic[" + topic + "]")
                    .containsPattern(brokerName + "\\s+0\\s+0")
                    .containsPattern(brokerName + "\\s+1\\s+0");
            until("redeliveries after the reset", () -> received.values().stream()
                    .allMatch(count -> count.get() >= 2));
            push.close();
        }

        CliRun deleted = admin("deleteSubGroup", "-b", cluster.brokerAddress(), "-g", group)
                .ok();
        assertThat(deleted.out())
                .contains("delete subscription group [" + group + "] from broker [" + cluster.brokerAddress()
                        + "] success.");
        CliRun again = admin("deleteSubGroup", "-b", cluster.brokerAddress(), "-g", group);
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err().lines()).singleElement().asString().contains(group, "does not exist");
    }

    @Test
    void brokerStatusClusterListAndLiveConfigChanges() {
        CliRun clusters = admin("clusterList").ok();
        assertThat(clusters.out().lines().findFirst().orElseThrow())
                .containsSubsequence(
                        "#Cluster Name",
                        "#Broker Name",
                        "#BID",
                        "#Addr",
                        "#Version",
                        "#InTPS(LOAD)",
                        "#OutTPS(LOAD)",
                        "#Timer(Progress)",
                        "#PCWait(ms)",
                        "#Hour",
                        "#SPACE",
                        "#ACTIVATED");
        assertThat(clusters.out())
                .containsPattern(
                        clusterName + "\\s+" + brokerName + "\\s+0\\s+" + cluster.brokerAddress() + "\\s+Sluice-");
        assertThat(admin("clusterList", "--json").ok().json().get("brokers"))
                .asList()
                .singleElement()
                .asString()
                .contains("address=" + cluster.brokerAddress());

        assertThat(admin("brokerStatus", "-b", cluster.brokerAddress()).ok().out())
                .containsPattern("brokerVersionDesc\\s+: Sluice-")
                .containsPattern("commitLogMaxOffset\\s+: \\d+")
                .containsPattern("putTps\\s+: ");

        String broker = cluster.brokerAddress();
        assertThat(admin("getBrokerConfig", "-b", broker).ok().out())
                .contains("============" + broker + "============")
                .containsPattern("autoCreateSubscriptionGroup\\s+=  true")
                .containsPattern("brokerName\\s+=  " + brokerName);
        try {
            assertThat(admin("updateBrokerConfig", "-b", broker, "-k", "autoCreateSubscriptionGroup", "-v", "false")
                            .ok()
                            .out())
                    .contains("update broker config success, " + broker);
            assertThat(admin("getBrokerConfig", "-c", clusterName, "--json")
                            .ok()
                            .json()
                            .get("brokers"))
                    .asString()
                    .contains("autoCreateSubscriptionGroup=false");

            CliRun fixed = admin("updateBrokerConfig", "-b", broker, "-k", "listenPort", "-v", "1");
            assertThat(fixed.status()).isEqualTo(1);
            assertThat(fixed.err().lines())
                    .singleElement()
                    .asString()
                    .contains("listenPort", "cannot be changed at run time");
            CliRun badValue = admin("updateBrokerConfig", "-b", broker, "-k", "autoCreateTopicEnable", "-v", "maybe");
            assertThat(badValue.status()).isEqualTo(1);
            assertThat(badValue.err()).contains("autoCreateTopicEnable", "maybe");
        } finally {
            admin("updateBrokerConfig", "-b", broker, "-k", "autoCreateSubscriptionGroup", "-v", "true")
                    .ok();
        }
    }
}
