package io.sluice.mq.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.ManualClock;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consumerProgress} and {@code topicList -c} against a real in-process broker whose clock the
 * test moves. consumerProgress: consume TPS
 * measured over the broker's window (and "-" before anything is measured), messages in flight per
 * queue, and with {@code -s} the IP of the Sluice consumer holding each queue, as the consumers
 * report it through the broker (GET_CONSUMER_RUNNING_INFO, 307). topicList -c: the consumer groups
 * of each topic (QUERY_TOPIC_CONSUME_BY_WHO, 300). The official clients are covered
 * by compat-shared's {@code AdminCliCompatTest}.
 */
class ConsumerViewsCliTest {

    private static final long START_MS = 1_700_000_000_000L;

    @TempDir
    static Path directory;

    private static ManualClock brokerClock;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        brokerClock = new ManualClock(START_MS);
        cluster = StandaloneCluster.start(
                BrokerConfig.builder(directory).ephemeralLoopback().build(), brokerClock);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static CliRun admin(String... args) {
        return CliRun.admin(cluster.namesrvAddress(), args);
    }

    private static MqClient client(String name, String ip) {
        return new MqClient(
                        ClientConfig.builder(cluster.namesrvAddress())
                                .instanceName(name)
                                .clientIp(ip)
                                .build(),
                        new SystemClock(),
                        new SplittableRandom(11))
                .start();
    }

    private static <T> T until(String what, Supplier<T> supplier, Predicate<T> done) {
        return CliRun.until(what, supplier, done);
    }

    private static void createTopic(String topic, int queues) {
        String clusterName = cluster.broker().config().clusterName();
        assertThat(admin("updateTopic", "-c", clusterName, "-t", topic, "-r", "" + queues, "-w", "" + queues)
                        .status())
                .isZero();
        until("route of " + topic, () -> admin("topicRoute", "-t", topic).status(), status -> status == 0);
    }

    private static void send(MqClient client, String topic, int count) {
        Producer producer = client.newProducer(ProducerConfig.of("PG_progress"));
        for (int i = 0; i < count; i++) {
            producer.send(Message.of(topic, ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Consumer subscribed(MqClient client, String group, String topic) {
        Consumer consumer = client.newConsumer(ConsumerConfig.builder(group)
                .startPosition(StartPosition.first())
                .pullSuspend(Duration.ofSeconds(1))
                .build());
        consumer.subscribe(topic, "*");
        return consumer;
    }

    /** Polls {@code consumer} until it returned {@code count} messages in total. */
    private static void drain(Consumer consumer, int count) {
        int[] seen = {0};
        until(
                "" + count + " messages",
                () -> seen[0] += consumer.poll(Duration.ofMillis(100)).size(),
                n -> n >= count);
    }

    @Test
    void consumeTpsIsARateOverTheBrokersWindowAndInflightIsPulledButNotCommitted() {
        String topic = "T_tps_" + System.nanoTime();
        String group = "CG_tps_" + System.nanoTime();
        createTopic(topic, 2);
        try (MqClient producerClient = client("tps-producer", "127.0.0.1");
                MqClient consumerClient = client("tps-consumer", "127.0.0.1")) {
            send(producerClient, topic, 30);
            Consumer consumer = subscribed(consumerClient, group, topic);
            drain(consumer, 30);

            CliRun fresh = admin("consumerProgress", "-g", group, "-t", topic);
            assertThat(fresh.status()).as(fresh.err()).isZero();
            assertThat(fresh.out())
                    .as("the broker's clock has not moved: nothing measured, no 0 that looks measured")
                    .contains("Consume TPS: -")
                    .doesNotContain("Consume TPS: 0");
            assertThat(admin("consumerProgress", "-g", group, "-t", topic, "--json")
                            .json())
                    .containsEntry("consumeTpsMeasured", false)
                    .doesNotContainKey("consumeTps");

            // Nothing committed: every pulled message is in flight.
            CliRun pulled = until(
                    "pull offsets at the end of both queues",
                    () -> admin("consumerProgress", "-g", group, "-t", topic),
                    r -> r.out().contains("Consume Inflight Total: 30"));
            assertThat(pulled.out().lines().findFirst().orElseThrow())
                    .containsSubsequence("#Consumer Offset", "#Diff", "#Inflight", "#LagSeconds", "#LastTime");

            brokerClock.advanceMs(10_000);
            CliRun measured = admin("consumerProgress", "-g", group, "-t", topic);
            assertThat(measured.out()).as("30 messages pulled in a 10 s window").contains("Consume TPS: 3.00");
            assertThat(admin("consumerProgress").out())
                    .containsPattern(group + "\\s+1\\s+\\S+\\s+\\S+\\s+\\S+\\s+3\\.00");

            consumer.commitSync();
            CliRun committed = admin("consumerProgress", "-g", group, "-t", topic, "--json");
            assertThat(committed.json()).containsEntry("inflightTotal", 0L).containsEntry("diffTotal", 0L);

            brokerClock.advanceMs(60_000);
            assertThat(admin("consumerProgress", "-g", group, "-t", topic).out())
                    .as("the pulls left the one-minute window")
                    .contains("Consume TPS: 0.00");
            consumer.close();
        }
    }

    @Test
    void showClientIpNamesTheSluiceConsumerHoldingEachQueue() {
        String topic = "T_ip_" + System.nanoTime();
        String group = "CG_ip_" + System.nanoTime();
        createTopic(topic, 4);
        try (MqClient producerClient = client("ip-producer", "127.0.0.1");
                MqClient first = client("ip-first", "10.9.0.1");
                MqClient second = client("ip-second", "10.9.0.2")) {
            send(producerClient, topic, 8);
            Consumer a = subscribed(first, group, topic);
            Consumer b = subscribed(second, group, topic);
            until(
                    "both consumers hold two queues",
                    () -> {
                        a.poll(Duration.ofMillis(50));
                        b.poll(Duration.ofMillis(50));
                        return List.of(a.assignment().size(), b.assignment().size());
                    },
                    sizes -> sizes.equals(List.of(2, 2)));

            CliRun run = admin("consumerProgress", "-g", group, "-t", topic, "-s", "--json");
            assertThat(run.status()).as(run.err()).isZero();
            Map<MessageQueue, String> reported = new HashMap<>();
            for (Object row : (List<?>) run.json().get("queues")) {
                Map<?, ?> queue = (Map<?, ?>) row;
                reported.put(
                        new MessageQueue(
                                topic,
                                String.valueOf(queue.get("brokerName")),
                                ((Number) queue.get("queueId")).intValue()),
                        String.valueOf(queue.get("clientIp")));
            }
            Map<MessageQueue, String> expected = new HashMap<>();
            a.assignment().forEach(queue -> expected.put(queue, "10.9.0.1"));
            b.assignment().forEach(queue -> expected.put(queue, "10.9.0.2"));
            assertThat(reported).isEqualTo(expected);

            CliRun text = admin("consumerProgress", "-g", group, "-t", topic, "-s");
            assertThat(text.out().lines().findFirst().orElseThrow())
                    .containsSubsequence("#Consumer Offset", "#Client IP", "#Diff", "#Inflight");
            assertThat(new TreeSet<>(reported.values())).isEqualTo(new TreeSet<>(Set.of("10.9.0.1", "10.9.0.2")));
            assertThat(admin("consumerProgress", "-g", group, "-t", topic).out())
                    .doesNotContain("#Client IP");
            a.close();
            b.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void topicListWithClusterNamesTheGroupsOnlineOrWithOffsetsOfEachTopic() {
        String topic = "T_who_" + System.nanoTime();
        String idle = "T_idle_" + System.nanoTime();
        String online = "CG_online_" + System.nanoTime();
        String offline = "CG_offline_" + System.nanoTime();
        createTopic(topic, 2);
        createTopic(idle, 1);
        String clusterName = cluster.broker().config().clusterName();
        try (MqClient producerClient = client("who-producer", "127.0.0.1");
                MqClient consumerClient = client("who-consumer", "127.0.0.1")) {
            send(producerClient, topic, 4);
            Consumer gone = subscribed(consumerClient, offline, topic);
            drain(gone, 4);
            gone.commitSync();
            gone.close();
            Consumer live = subscribed(consumerClient, online, topic);
            until(
                    "the online group's heartbeat",
                    () -> admin("consumerConnection", "-g", online).status(),
                    s -> s == 0);

            CliRun run = admin("topicList", "-c");
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out().lines().findFirst().orElseThrow())
                    .containsSubsequence("#Cluster Name", "#Topic", "#Consumer Group");
            assertThat(run.out())
                    .containsPattern(clusterName + "\\s+" + topic + "\\s+" + online + "\\n")
                    .containsPattern(clusterName + "\\s+" + topic + "\\s+" + offline + "\\n")
                    .as("a topic nobody consumes has one row with an empty group")
                    .containsPattern(clusterName + "\\s+" + idle + "\\n")
                    .as("retry topics are left out, as mqadmin does")
                    .doesNotContain("%RETRY%" + online);
            List<Object> rows =
                    (List<Object>) admin("topicList", "-c", "--json").json().get("topics");
            assertThat(rows)
                    .filteredOn(row -> topic.equals(((Map<?, ?>) row).get("topic")))
                    .extracting(row -> (Object) ((Map<?, ?>) row).get("consumerGroup"))
                    .containsExactlyInAnyOrder(online, offline);
            live.close();
        }
    }
}
