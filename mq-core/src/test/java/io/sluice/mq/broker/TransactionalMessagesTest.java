package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.createTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.client.producer.TransactionListener;
import io.sluice.mq.client.producer.TransactionSendResult;
import io.sluice.mq.client.producer.TransactionState;
import io.sluice.mq.client.producer.TransactionalProducer;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.MessageSysFlag;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactional messages (REMOTING.md 2.8, 4.5) against a real broker: half messages invisible,
 * END_TRANSACTION commit/rollback idempotent, check-back to a live producer, the check maximum, and
 * a restart with an unresolved half message — with raw requests and with Sluice's client.
 */
class TransactionalMessagesTest {

    private static final long WAIT_MS = 20_000;

    @TempDir
    Path dir;

    private BrokerConfig fastChecks() {
        return TestCluster.config(dir)
                .transactionTimeout(Duration.ofMillis(300))
                .transactionCheckInterval(Duration.ofMillis(200))
                .build();
    }

    @Test
    void halfMessageIsInvisibleUntilCommittedAndEndTransactionIsIdempotent() throws Exception {
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            cluster.toBroker(createTopic("TxRaw", 1));
            RemotingCommand half = cluster.toBroker(halfSend("TxRaw", "payload"));
            assertThat(half.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(half.ext("queueId")).isEqualTo("0");
            waitForOffset(cluster, "RMQ_SYS_TRANS_HALF_TOPIC", 1);
            assertThat(bodies(cluster, "TxRaw")).isEmpty();

            RemotingCommand commit = endTransaction(half, MessageSysFlag.TRANSACTION_COMMIT_TYPE);
            assertThat(cluster.toBroker(commit).code()).isEqualTo(ResponseCode.SUCCESS);
            waitForOffset(cluster, "TxRaw", 1);
            List<WireMessage> delivered = messages(cluster, "TxRaw");
            assertThat(delivered).hasSize(1);
            WireMessage committed = delivered.get(0);
            assertThat(new String(committed.body(), StandardCharsets.UTF_8)).isEqualTo("payload");
            assertThat(MessageSysFlag.transactionType(committed.sysFlag()))
                    .isEqualTo(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
            assertThat(committed.property(MessageConst.REAL_TOPIC)).isNull();
            assertThat(committed.property(MessageConst.UNIQ_KEY)).isEqualTo(half.ext("transactionId"));
            assertThat(committed.preparedTransactionOffset())
                    .isEqualTo(MessageIds.decode(half.ext("msgId")).logPosition());

            RemotingCommand again = cluster.toBroker(endTransaction(half, MessageSysFlag.TRANSACTION_COMMIT_TYPE));
            assertThat(again.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(again.remark()).contains("already resolved with COMMIT");
            RemotingCommand late = cluster.toBroker(endTransaction(half, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE));
            assertThat(late.code()).isEqualTo(ResponseCode.TRANSACTION_FAILED);
            assertThat(late.remark()).contains("already resolved with COMMIT");
            assertThat(bodies(cluster, "TxRaw")).containsExactly("payload");
        }
    }

    @Test
    void rollbackDiscardsAndALaterCommitIsRefused() throws Exception {
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            cluster.toBroker(createTopic("TxBack", 1));
            RemotingCommand half = cluster.toBroker(halfSend("TxBack", "gone"));
            RemotingCommand rollback = endTransaction(half, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE);
            assertThat(cluster.toBroker(rollback).code()).isEqualTo(ResponseCode.SUCCESS);
            RemotingCommand commit = cluster.toBroker(endTransaction(half, MessageSysFlag.TRANSACTION_COMMIT_TYPE));
            assertThat(commit.code()).isEqualTo(ResponseCode.TRANSACTION_FAILED);
            assertThat(commit.remark()).contains("already resolved with ROLLBACK");

            cluster.send(TestCluster.sendV2("TxBack", 0, "marker", ""));
            assertThat(bodies(cluster, "TxBack")).containsExactly("marker");
        }
    }

    @Test
    void endTransactionNamingTheWrongMessageIsRefusedWithTheField() throws Exception {
        try (TestCluster cluster = TestCluster.start(TestCluster.config(dir).build())) {
            cluster.toBroker(createTopic("TxBad", 1));
            RemotingCommand half = cluster.toBroker(halfSend("TxBad", "x"));
            RemotingCommand wrongOffset =
                    endTransaction(half, MessageSysFlag.TRANSACTION_COMMIT_TYPE).putExt("tranStateTableOffset", 99);
            RemotingCommand refused = cluster.toBroker(wrongOffset);
            assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(refused.remark()).contains("tranStateTableOffset 99");
            RemotingCommand wrongGroup =
                    endTransaction(half, MessageSysFlag.TRANSACTION_COMMIT_TYPE).putExt("producerGroup", "Other");
            assertThat(cluster.toBroker(wrongGroup).remark()).contains("producerGroup Other");
            RemotingCommand badType = endTransaction(half, 5);
            assertThat(cluster.toBroker(badType).remark()).contains("commitOrRollback");
            RemotingCommand batch = halfSend("TxBad", "y").code(RequestCode.SEND_BATCH_MESSAGE);
            assertThat(cluster.toBroker(batch).remark()).contains("cannot be sent in a batch");
        }
    }

    @Test
    void ourProducerCommitsAndRollsBackAndAnswersChecks() throws Exception {
        try (TestCluster cluster = TestCluster.start(fastChecks());
                MqClient client = client(cluster, "tx-client")) {
            cluster.toBroker(createTopic("TxOurs", 1));
            Listener listener = new Listener();
            TransactionalProducer producer = client.newTransactionalProducer(ProducerConfig.of("TxGroup"), listener);

            TransactionSendResult committed = producer.send(message("TxOurs", "commit"), TransactionState.COMMIT);
            assertThat(committed.state()).isEqualTo(TransactionState.COMMIT);
            producer.send(message("TxOurs", "rollback"), TransactionState.ROLLBACK);
            producer.send(message("TxOurs", "check-commit"), TransactionState.UNKNOWN);
            producer.send(message("TxOurs", "check-rollback"), TransactionState.UNKNOWN);
            client.heartbeatNow();

            // Four resolutions: two from the local transactions, two answers to checks.
            waitForOffset(cluster, "RMQ_SYS_TRANS_OP_HALF_TOPIC", 4);
            waitForOffset(cluster, "TxOurs", 2);
            assertThat(listener.checks.get("check-commit")).isPositive();
            assertThat(listener.checks.get("check-rollback")).isPositive();
            assertThat(listener.checks).doesNotContainKeys("commit", "rollback");
            assertThat(bodies(cluster, "TxOurs")).containsExactly("commit", "check-commit");
            assertThat(listener.checkedTopics).containsOnly("TxOurs");
        }
    }

    @Test
    void unresolvedAfterTheCheckMaximumIsDroppedToTheCheckMaxTopic() throws Exception {
        BrokerConfig config = TestCluster.config(dir)
                .transactionTimeout(Duration.ofMillis(100))
                .transactionCheckInterval(Duration.ofMillis(100))
                .transactionCheckMax(2)
                .build();
        try (TestCluster cluster = TestCluster.start(config);
                MqClient client = client(cluster, "tx-max")) {
            cluster.toBroker(createTopic("TxMax", 1));
            Listener listener = new Listener();
            TransactionalProducer producer = client.newTransactionalProducer(ProducerConfig.of("TxMaxGroup"), listener);
            producer.send(message("TxMax", "undecided"), TransactionState.UNKNOWN);
            client.heartbeatNow();

            waitForOffset(cluster, "TRANS_CHECK_MAX_TIME_TOPIC", 1);
            assertThat(listener.checks.get("undecided")).isEqualTo(2);
            assertThat(cluster.maxOffset("TxMax", 0)).isZero();
        }
    }

    @Test
    void unresolvedHalfIsCheckedAfterARestartAndCommittedOnesAreNotRedelivered() throws Exception {
        BrokerConfig slow = TestCluster.config(dir)
                .transactionCheckInterval(Duration.ofHours(1))
                .build();
        try (TestCluster cluster = TestCluster.start(slow);
                MqClient client = client(cluster, "tx-before")) {
            cluster.toBroker(createTopic("TxRestart", 1));
            TransactionalProducer producer =
                    client.newTransactionalProducer(ProducerConfig.of("TxRestartGroup"), new Listener());
            producer.send(message("TxRestart", "before"), TransactionState.COMMIT);
            producer.send(message("TxRestart", "pending"), TransactionState.UNKNOWN);
            producer.send(message("TxRestart", "dropped"), TransactionState.ROLLBACK);
            waitForOffset(cluster, "TxRestart", 1);
        }
        try (TestCluster cluster = TestCluster.start(fastChecks());
                MqClient client = client(cluster, "tx-after")) {
            Listener listener = new Listener();
            client.newTransactionalProducer(ProducerConfig.of("TxRestartGroup"), listener);
            client.heartbeatNow();
            TestCluster.waitUntil(WAIT_MS, () -> {
                client.heartbeatNow(); // the producer has no topic yet: heartbeat to every known master
                return cluster.maxOffset("TxRestart", 0) >= 2;
            });
            waitForOffset(cluster, "TxRestart", 2);
            assertThat(listener.checks).containsOnlyKeys("pending");
            waitForOffset(cluster, "RMQ_SYS_TRANS_OP_HALF_TOPIC", 3);
            assertThat(bodies(cluster, "TxRestart")).containsExactly("before", "pending");
        }
    }

    /** A listener that returns the send argument locally and decides checks by body. */
    private static final class Listener implements TransactionListener {
        final Map<String, Integer> checks = new ConcurrentHashMap<>();
        final List<String> checkedTopics = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public TransactionState executeLocal(Message message, SendResult half, Object argument) {
            return (TransactionState) argument;
        }

        @Override
        public TransactionState check(ReceivedMessage message) {
            String body = new String(message.body(), StandardCharsets.UTF_8);
            checks.merge(body, 1, Integer::sum);
            checkedTopics.add(message.topic());
            return switch (body) {
                case "check-commit", "pending" -> TransactionState.COMMIT;
                case "check-rollback" -> TransactionState.ROLLBACK;
                default -> TransactionState.UNKNOWN;
            };
        }
    }

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private static MqClient client(TestCluster cluster, String name) {
        MqClient client = new MqClient(
                ClientConfig.builder(cluster.namesrv())
                        .instanceName(name + "-" + INSTANCES.incrementAndGet())
                        .build(),
                new SystemClock(),
                new SplittableRandom(7));
        return client.start();
    }

    private static Message message(String topic, String body) {
        return Message.builder(topic)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static RemotingCommand halfSend(String topic, String body) {
        String properties = MessageProperties.encode(Map.of(MessageConst.TRAN_MSG, "true", MessageConst.PGROUP, "PG"));
        return TestCluster.sendV2(topic, 0, body, properties).putExt("f", MessageSysFlag.TRANSACTION_PREPARED_TYPE);
    }

    private static RemotingCommand endTransaction(RemotingCommand half, int type) {
        return RemotingCommand.request(RequestCode.END_TRANSACTION)
                .putExt("producerGroup", "PG")
                .putExt("tranStateTableOffset", half.ext("queueOffset"))
                .putExt("commitLogOffset", MessageIds.decode(half.ext("msgId")).logPosition())
                .putExt("commitOrRollback", type)
                .putExt("fromTransactionCheck", false)
                .putExt("msgId", half.ext("transactionId"))
                .putExt("transactionId", half.ext("transactionId"));
    }

    private static void waitForOffset(TestCluster cluster, String topic, long atLeast) {
        boolean reached = TestCluster.waitUntil(WAIT_MS, () -> cluster.maxOffset(topic, 0) >= atLeast);
        assertThat(reached)
                .as("%s/0 reaches offset %s (is %s)", topic, atLeast, cluster.maxOffset(topic, 0))
                .isTrue();
    }

    private static List<WireMessage> messages(TestCluster cluster, String topic) throws InterruptedException {
        RemotingCommand response = cluster.toBroker(TestCluster.pullWith("Reader", topic, 0, 0, "*"));
        if (response.code() != ResponseCode.SUCCESS) {
            return List.of();
        }
        return StoredMessageDecoder.decodeAll(response.body());
    }

    private static List<String> bodies(TestCluster cluster, String topic) throws InterruptedException {
        return messages(cluster, topic).stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8))
                .toList();
    }
}
