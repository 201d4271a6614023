package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.remoting.RemotingClient;
import io.sluice.mq.remoting.RemotingClientConfig;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official TransactionMQProducer and TransactionListener against Sluice (REMOTING.md 2.8, 4.5):
 * commit, rollback, and UNKNOW answered later through the broker's check, consumed with the official
 * lite-pull consumer. Runs its own cluster with fast checks (300 ms timeout, 200 ms scan).
 */
class TransactionCompatTest {

    private Path directory;
    private StandaloneCluster cluster;
    private TransactionMQProducer producer;
    private DefaultLitePullConsumer consumer;
    private final Map<String, Integer> checks = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        directory = Files.createTempDirectory("sluice-compat-tx");
        BrokerConfig config = BrokerConfig.builder(directory)
                .ephemeralLoopback()
                .transactionTimeout(Duration.ofMillis(300))
                .transactionCheckInterval(Duration.ofMillis(200))
                .build();
        cluster = StandaloneCluster.start(config, new SystemClock());
        producer = new TransactionMQProducer(Clients.uniqueName("TXPG"));
        producer.setNamesrvAddr(cluster.namesrvAddress());
        producer.setInstanceName(Clients.uniqueName("tx-producer"));
        producer.setPollNameServerInterval(1000);
        producer.setHeartbeatBrokerInterval(1000);
        producer.setSendMsgTimeout(10_000);
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
                return (LocalTransactionState) argument;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                String body = new String(message.getBody(), StandardCharsets.UTF_8);
                checks.merge(body, 1, Integer::sum);
                return body.startsWith("commit") ? LocalTransactionState.COMMIT_MESSAGE
                        : body.startsWith("rollback") ? LocalTransactionState.ROLLBACK_MESSAGE
                        : LocalTransactionState.UNKNOW;
            }
        });
        producer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (consumer != null) {
            consumer.shutdown();
        }
        producer.shutdown();
        cluster.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void committedMessagesAreConsumedOnceAndRolledBackOnesNever() throws Exception {
        String topic = oneQueueTopic("T_tx");
        TransactionSendResult committed =
                producer.sendMessageInTransaction(message(topic, "local-commit"), LocalTransactionState.COMMIT_MESSAGE);
        TransactionSendResult rolledBack = producer.sendMessageInTransaction(
                message(topic, "local-rollback"), LocalTransactionState.ROLLBACK_MESSAGE);
        assertThat(committed.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(committed.getLocalTransactionState()).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
        assertThat(rolledBack.getLocalTransactionState()).isEqualTo(LocalTransactionState.ROLLBACK_MESSAGE);
        producer.send(message(topic, "marker"));

        // The official producer sends END_TRANSACTION oneway and the broker resolves it on its
        // transaction pool, so the marker sent afterwards may be stored before the committed copy
        // (as on RocketMQ): read until both are in, then once more to catch anything extra.
        List<MessageExt> read = readUntil(topic, "marker");
        if (read.stream().noneMatch(m -> body(m).equals("local-commit"))) {
            read.addAll(readUntil(topic, "local-commit"));
        }
        read.addAll(consumer.poll(1000));
        assertThat(read).extracting(TransactionCompatTest::body).containsExactlyInAnyOrder("local-commit", "marker");
        assertThat(read.stream().filter(m -> body(m).equals("local-commit")).findFirst().orElseThrow().getMsgId())
                .isEqualTo(committed.getMsgId());
        assertThat(checks).isEmpty();
    }

    @Test
    void unknownIsResolvedByTheBrokersCheck() throws Exception {
        String topic = oneQueueTopic("T_txcheck");
        producer.sendMessageInTransaction(message(topic, "commit-later"), LocalTransactionState.UNKNOW);
        producer.sendMessageInTransaction(message(topic, "rollback-later"), LocalTransactionState.UNKNOW);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> checks.containsKey("commit-later") && checks.containsKey("rollback-later"));
        List<MessageExt> read = readUntil(topic, "commit-later");
        // The rollback was answered to the same checks; a marker after both proves it never arrives.
        await().atMost(Duration.ofSeconds(30)).until(() -> opRecords() >= 2);
        producer.send(message(topic, "marker"));
        read.addAll(readUntil(topic, "marker"));
        assertThat(read).extracting(TransactionCompatTest::body).containsExactly("commit-later", "marker");
    }

    /** Resolutions recorded so far: the end of the broker's op queue (GET_MAX_OFFSET). */
    private long opRecords() throws InterruptedException {
        try (RemotingClient client =
                new RemotingClient(RemotingClientConfig.defaults(), new SystemClock(), Thread::new, "tx-ops")) {
            RemotingCommand request = RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                    .putExt("topic", "RMQ_SYS_TRANS_OP_HALF_TOPIC")
                    .putExt("queueId", 0);
            return Long.parseLong(client.invokeSync(cluster.brokerAddress(), request, 5_000).ext("offset"));
        }
    }

    private String oneQueueTopic(String prefix) {
        String topic = Clients.uniqueName(prefix);
        try (MqClient client = MqClient.start(ClientConfig.builder(cluster.namesrvAddress())
                .instanceName(Clients.uniqueName("admin"))
                .build())) {
            client.admin().createTopic(topic, 1);
        }
        return topic;
    }

    private List<MessageExt> readUntil(String topic, String lastBody) throws Exception {
        if (consumer == null) {
            consumer = Clients.litePull(cluster.namesrvAddress(), Clients.uniqueName("TXREAD"));
            consumer.start();
            List<MessageQueue> queues = Clients.queuesOf(consumer, topic);
            consumer.assign(queues);
            for (MessageQueue queue : queues) {
                Clients.seek(consumer, queue, 0);
            }
        }
        List<MessageExt> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            read.addAll(consumer.poll(500));
            return read.stream().anyMatch(m -> body(m).equals(lastBody));
        });
        return read;
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(MessageExt message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }
}
