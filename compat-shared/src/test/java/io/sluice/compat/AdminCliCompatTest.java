package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code sluice admin} (run in-process) against Sluice with the OFFICIAL consumers online: {@code
 * consumerProgress -s} maps every queue to the IP of the official consumer holding it, which each
 * consumer reports when the broker forwards GET_CONSUMER_RUNNING_INFO (307) to it; the consume TPS
 * is measured; {@code topicList -c} names the group (QUERY_TOPIC_CONSUME_BY_WHO, 300). The official
 * admin library reads the same requests.
 */
@ExtendWith(SluiceCluster.class)
class AdminCliCompatTest {

    private DefaultMQProducer producer;
    private DefaultMQAdminExt admin;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    record Run(int status, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        producer = Clients.producer(SluiceCluster.namesrvAddress(), Clients.uniqueName("PG_cli"));
        producer.start();
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(SluiceCluster.namesrvAddress());
        admin.setInstanceName(Clients.uniqueName("admin_cli"));
        admin.start();
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        admin.shutdown();
        producer.shutdown();
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 3];
        full[0] = "admin";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "-n";
        full[args.length + 2] = SluiceCluster.namesrvAddress();
        int status = SluiceMain.run(new SystemClock(), new PrintWriter(out, true), new PrintWriter(err, true), full);
        return new Run(status, out.toString(), err.toString());
    }

    private DefaultMQPushConsumer consumer(String group, String topic, String ip, AtomicInteger received)
            throws Exception {
        DefaultMQPushConsumer consumer = Clients.push(SluiceCluster.namesrvAddress(), group);
        consumer.setClientIP(ip);
        // A rebalance gives the subscription a new version and pulls carry it at once, while the
        // heartbeat announcing it can be skipped (another heartbeat holds the client's lock) until
        // the next periodic one; pulls are refused "subscription not latest" meanwhile (seen with
        // two 5.3.3 consumers under load). A 1 s heartbeat keeps that window short.
        consumer.setHeartbeatBrokerInterval(1000);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            received.addAndGet(messages.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);
        return consumer;
    }

    /** "topic/broker/qid" of each queue {@code consumer} processes now, with {@code ip}. */
    private static Map<String, String> held(DefaultMQPushConsumer consumer, String topic, String ip) {
        Map<String, String> held = new TreeMap<>();
        for (MessageQueue queue : consumer.getDefaultMQPushConsumerImpl()
                .getRebalanceImpl()
                .getProcessQueueTable()
                .keySet()) {
            if (queue.getTopic().equals(topic)) {
                held.put(queue.getTopic() + "/" + queue.getBrokerName() + "/" + queue.getQueueId(), ip);
            }
        }
        return held;
    }

    /** "topic/broker/qid" to #Client IP of {@code consumerProgress -s --json}. */
    private static Map<String, String> reported(Run run) {
        Map<String, String> reported = new TreeMap<>();
        Object queues = Json.parseObject(run.out().trim()).get("queues");
        for (Object row : (List<?>) queues) {
            Map<?, ?> queue = (Map<?, ?>) row;
            reported.put(
                    queue.get("topic") + "/" + queue.get("brokerName") + "/" + queue.get("queueId"),
                    String.valueOf(queue.get("clientIp")));
        }
        return reported;
    }

    @Test
    void consumerProgressNamesTheOfficialConsumerOfEachQueueAndMeasuresTps() throws Exception {
        String topic = Clients.uniqueName("T_cli");
        String group = Clients.uniqueName("CG_cli");
        for (int i = 0; i < 20; i++) {
            producer.send(new Message(topic, ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        AtomicInteger received = new AtomicInteger();
        DefaultMQPushConsumer first = consumer(group, topic, "10.8.0.1", received);
        DefaultMQPushConsumer second = consumer(group, topic, "10.8.0.2", received);
        await().atMost(Duration.ofSeconds(60)).alias("20 messages consumed").until(() -> received.get() >= 20);

        // Rebalancing settles within a few seconds; then the CLI's map is the consumers' own.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, String> expected = new TreeMap<>(held(first, topic, "10.8.0.1"));
            expected.putAll(held(second, topic, "10.8.0.2"));
            Run run = cli("consumerProgress", "-g", group, "-t", topic, "-s", "--json");
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(expected).hasSizeGreaterThan(1);
            assertThat(expected.values()).contains("10.8.0.1", "10.8.0.2");
            assertThat(reported(run)).isEqualTo(expected);
        });

        Run text = cli("consumerProgress", "-g", group, "-t", topic, "-s");
        assertThat(text.out().lines().findFirst().orElseThrow())
                .containsSubsequence("#Broker Offset", "#Consumer Offset", "#Client IP", "#Diff", "#Inflight");
        assertThat(text.out()).containsPattern("Consume TPS: \\d+\\.\\d\\d").doesNotContain("Consume TPS: -");
        Map<String, Object> json = Json.parseObject(cli("consumerProgress", "-g", group, "--json")
                .out()
                .trim());
        assertThat(((Number) json.get("consumeTps")).doubleValue())
                .as("20 messages pulled within the last minute")
                .isGreaterThan(0);

        // The official admin library reads the same requests.
        assertThat(admin.examineConsumeStats(group).getConsumeTps()).isGreaterThan(0);
        var runningInfo = admin.getConsumerRunningInfo(group, first.buildMQClientId(), false);
        assertThat(runningInfo.getMqTable().keySet())
                .extracting(MessageQueue::getTopic)
                .contains(topic);
        assertThat(admin.queryTopicConsumeByWho(topic).getGroupList()).contains(group);

        Run topics = cli("topicList", "-c");
        assertThat(topics.status()).as(topics.err()).isZero();
        assertThat(topics.out()).containsPattern(topic + "\\s+" + group + "\\n");
    }
}
