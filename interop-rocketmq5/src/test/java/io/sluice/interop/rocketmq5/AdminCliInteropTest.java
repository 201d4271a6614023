package io.sluice.interop.rocketmq5;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.launcher.SluiceMain;
import io.sluice.mq.protocol.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code sluice admin}'s read-only commands against a real RocketMQ 5.3.3 nameserver and broker. */
@ExtendWith(RealRocketMqExtension.class)
class AdminCliInteropTest {

    private record Run(int status, String out, String err) {}

    private static Run admin(RealRocketMqCluster cluster, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> full = new ArrayList<>(List.of("admin", args[0], "-n", cluster.namesrvAddress()));
        full.addAll(List.of(args).subList(1, args.length));
        int status = SluiceMain.run(
                new SystemClock(), new PrintWriter(out, true), new PrintWriter(err, true), full.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    private static Run ok(RealRocketMqCluster cluster, String... args) {
        Run run = admin(cluster, args);
        assertThat(run.status()).as("%s: %s", args[0], run.err()).isZero();
        return run;
    }

    @Test
    void readOnlyCommandsReadTheRealBroker(RealRocketMqCluster cluster) {
        String topic = "IT_cli_" + System.nanoTime();
        String brokerName = RealRocketMqCluster.BROKER_NAME;
        ok(cluster, "updateTopic", "-c", RealRocketMqCluster.CLUSTER, "-t", topic, "-r", "2", "-w", "2");
        Waits.until(
                "route of " + topic,
                Duration.ofSeconds(30),
                () -> admin(cluster, "topicRoute", "-t", topic).status() == 0);
        SendResult sent;
        try (MqClient client = MqClient.start(cluster.clientConfig("cli-it"))) {
            sent = client.newProducer(ProducerConfig.of("PG_CLI"))
                    .send(
                            Message.builder(topic)
                                    .tags("TagA")
                                    .keys("cli-key")
                                    .body("from the real broker".getBytes(StandardCharsets.UTF_8))
                                    .build(),
                            new MessageQueue(topic, brokerName, 1));
        }

        assertThat(ok(cluster, "clusterList").out())
                .containsPattern(RealRocketMqCluster.CLUSTER + "\\s+" + brokerName + "\\s+0\\s+"
                        + cluster.brokerAddress() + "\\s+V5_3_3");
        assertThat(ok(cluster, "topicList").out().lines()).contains(topic);
        assertThat(ok(cluster, "topicList", "-c").out())
                .as("QUERY_TOPIC_CONSUME_BY_WHO answered by the real broker: a topic nobody consumes, empty group")
                .contains("#Consumer Group")
                .containsPattern(RealRocketMqCluster.CLUSTER + "\\s+" + topic + "\\n");
        assertThat(ok(cluster, "topicRoute", "-t", topic, "-l").out())
                .containsPattern(brokerName + "\\s+" + cluster.brokerAddress() + "\\s+2\\s+2\\s+6");
        assertThat(ok(cluster, "topicStatus", "-t", topic).out())
                .containsPattern(brokerName + "\\s+0\\s+0\\s+0")
                .containsPattern(brokerName + "\\s+1\\s+0\\s+1");
        assertThat(ok(cluster, "brokerStatus", "-b", cluster.brokerAddress()).out())
                .containsPattern("brokerVersionDesc\\s+: V5_3_3");
        assertThat(ok(cluster, "getBrokerConfig", "-b", cluster.brokerAddress()).out())
                .containsPattern("brokerName\\s+=  " + brokerName);

        assertThat(ok(cluster, "queryMsgById", "-i", sent.offsetMsgId()).out())
                .containsPattern("Topic:\\s+" + topic)
                .containsPattern("Message Body:\\s+from the real broker");
        assertThat(ok(cluster, "queryMsgByUniqueKey", "-i", sent.msgId(), "-t", topic)
                        .out())
                .containsPattern("Keys:\\s+\\[cli-key\\]");
        Waits.until("key index of the real broker", Duration.ofSeconds(30), () -> admin(
                        cluster, "queryMsgByKey", "-t", topic, "-k", "cli-key")
                .out()
                .contains(sent.msgId()));
        assertThat(ok(cluster, "queryMsgByOffset", "-t", topic, "-b", brokerName, "-i", "1", "-o", "0")
                        .out())
                .containsPattern("Message Body:\\s+from the real broker");
        assertThat(ok(cluster, "printMsg", "-t", topic).out()).contains("from the real broker");
        assertThat(ok(cluster, "consumeMessage", "-t", topic, "-b", brokerName, "-i", "1", "-o", "0")
                        .out())
                .contains("from the real broker", "status=FOUND");

        Map<String, Object> route = Json.parseObject(
                ok(cluster, "topicRoute", "-t", topic, "--json").out().trim());
        assertThat(route).containsKeys("route", "queues");

        Run offline = admin(cluster, "consumerConnection", "-g", "CG_absent_" + System.nanoTime());
        assertThat(offline.status()).isEqualTo(1);
        assertThat(offline.err().lines()).singleElement().asString().contains("not online");
        Run unknownTopic = admin(cluster, "topicStatus", "-t", "IT_absent_" + System.nanoTime());
        assertThat(unknownTopic.status()).isEqualTo(1);
        assertThat(unknownTopic.err().lines()).singleElement().asString().contains("does not exist");
    }
}
