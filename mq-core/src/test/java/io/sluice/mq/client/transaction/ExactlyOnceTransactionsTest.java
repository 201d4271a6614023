package io.sluice.mq.client.transaction;

import static io.sluice.mq.client.transaction.TxnTestKit.body;
import static io.sluice.mq.client.transaction.TxnTestKit.message;
import static io.sluice.mq.client.transaction.TxnTestKit.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker-native exactly-once transactions with Sluice's client against a real in-process broker
 * (docs/design/exactly-once-primitives.md): staged messages invisible until commit, a commit
 * visible across topics with dense offsets, idempotent commit/abort with distinct outcomes,
 * fencing of zombies, list by prefix, broker timeout, and a restart that keeps open and ended
 * transactions.
 */
class ExactlyOnceTransactionsTest {

    private static final ProducerConfig PRODUCER = ProducerConfig.of("eos-test");

    @TempDir
    Path dir;

    private StandaloneCluster cluster;
    private MqClient client;

    @BeforeEach
    void start() throws Exception {
        cluster = StandaloneCluster.start(TxnTestKit.config(dir), new SystemClock());
        client = TxnTestKit.client(cluster.namesrvAddress(), "eos", 7);
        client.admin().createTopic("EosA", 2);
        client.admin().createTopic("EosB", 1);
    }

    @AfterEach
    void stop() {
        client.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void brokerAnnouncesTheExtensions() {
        assertThat(client.extensionFeatures(cluster.brokerAddress())).contains("transactions", "idempotence");
    }

    @Test
    void stagedMessagesAreInvisibleUntilOneCommitShowsThemAllAcrossTopics() throws Exception {
        ExactlyOnceProducer producer = client.newExactlyOnceProducer(PRODUCER, "sink-0-slot-0", "EosA");
        producer.begin();
        for (int i = 0; i < 4; i++) {
            producer.send(message("EosA", "a" + i));
        }
        producer.send(message("EosB", "b0"));
        producer.send(message("EosB", "b1"));
        assertThat(readAll(client, "EosA", 0)).isEmpty();
        assertThat(readAll(client, "EosB", 0)).isEmpty();

        TransactionHandle handle = producer.prepareCommit();
        assertThat(handle.stagedCount()).isEqualTo(6);
        assertThat(TransactionHandle.parse(handle.encode())).isEqualTo(handle);
        assertThat(client.commit(handle)).isEqualTo(TransactionOutcome.COMMITTED);

        List<ReceivedMessage> a = readAll(client, "EosA", 4);
        List<ReceivedMessage> b = readAll(client, "EosB", 2);
        assertThat(a).extracting(TxnTestKit::body).containsExactlyInAnyOrder("a0", "a1", "a2", "a3");
        assertThat(b).extracting(TxnTestKit::body).containsExactly("b0", "b1");
        assertThat(b).extracting(ReceivedMessage::queueOffset).containsExactly(0L, 1L);
        assertThat(b.get(0).properties()).doesNotContainKeys("REAL_TOPIC", "REAL_QID", "__SLTXN");
        for (int queue = 0; queue < 2; queue++) {
            int q = queue;
            List<Long> offsets = a.stream()
                    .filter(m -> m.queue().queueId() == q)
                    .map(ReceivedMessage::queueOffset)
                    .toList();
            assertThat(offsets).containsExactly(0L, 1L); // dense: round robin put two in each queue
        }

        // Any client, any number of times: one effect, a distinct answer.
        try (MqClient other = TxnTestKit.client(cluster.namesrvAddress(), "other", 8)) {
            assertThat(other.commit(TransactionHandle.parse(handle.encode())))
                    .isEqualTo(TransactionOutcome.ALREADY_COMMITTED);
            assertThatThrownBy(() -> other.abort(handle))
                    .isInstanceOfSatisfying(TransactionException.class, e -> assertThat(e.responseCode())
                            .isEqualTo(ResponseCode.TXN_ALREADY_COMMITTED));
        }
        assertThat(readAll(client, "EosB", 2)).hasSize(2);
    }

    @Test
    void twoClientsCommittingOneHandleHaveOneEffect() throws Exception {
        ExactlyOnceProducer producer = client.newExactlyOnceProducer(PRODUCER, "sink-1-slot-0", "EosB");
        producer.begin();
        for (int i = 0; i < 200; i++) {
            producer.sendAsync(message("EosB", "m" + i));
        }
        TransactionHandle handle = producer.prepareCommit();
        try (MqClient first = TxnTestKit.client(cluster.namesrvAddress(), "c1", 1);
                MqClient second = TxnTestKit.client(cluster.namesrvAddress(), "c2", 2)) {
            CyclicBarrier barrier = new CyclicBarrier(2);
            CompletableFuture<TransactionOutcome> one = commitAfter(barrier, first, handle);
            CompletableFuture<TransactionOutcome> two = commitAfter(barrier, second, handle);
            List<TransactionOutcome> outcomes = List.of(one.get(20, TimeUnit.SECONDS), two.get(20, TimeUnit.SECONDS));
            assertThat(outcomes)
                    .containsExactlyInAnyOrder(TransactionOutcome.COMMITTED, TransactionOutcome.ALREADY_COMMITTED);
        }
        List<ReceivedMessage> delivered = readAll(client, "EosB", 200);
        assertThat(delivered).hasSize(200);
        assertThat(delivered).extracting(ReceivedMessage::queueOffset).doesNotHaveDuplicates();
        assertThat(delivered.get(199).queueOffset()).isEqualTo(199);
    }

    private static CompletableFuture<TransactionOutcome> commitAfter(
            CyclicBarrier barrier, MqClient committer, TransactionHandle handle) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (Exception e) { // CHECKSTYLE.OFF: IllegalCatch - fail the future with the cause
                throw new IllegalStateException(e);
            }
            return committer.commit(handle);
        });
    }

    @Test
    void aNewProducerFencesTheZombieButKeepsItsSealedTransaction() throws Exception {
        ExactlyOnceProducer zombie = client.newExactlyOnceProducer(PRODUCER, "sink-2-slot-0", "EosB");
        zombie.begin();
        zombie.send(message("EosB", "sealed-by-checkpoint"));
        TransactionHandle sealed = zombie.prepareCommit();
        zombie.begin();
        zombie.send(message("EosB", "unsealed"));

        ExactlyOnceProducer successor = client.newExactlyOnceProducer(PRODUCER, "sink-2-slot-0", "EosB");
        assertThat(successor.epoch()).isEqualTo(zombie.epoch() + 1);
        assertThat(successor.producerId()).isEqualTo(zombie.producerId());

        assertThatThrownBy(() -> zombie.send(message("EosB", "late")))
                .isInstanceOfSatisfying(
                        TransactionException.class, e -> assertThat(e.fenced()).isTrue());
        assertThatThrownBy(zombie::abort).isInstanceOfSatisfying(TransactionException.class, e -> assertThat(e.fenced())
                .isTrue());
        List<TransactionInfo> all = client.listTransactions("sink-2-", TransactionListing.ALL, "EosB");
        assertThat(all).extracting(TransactionInfo::state).containsExactlyInAnyOrder("SEALED", "FENCED");

        // The checkpoint's transaction survives fencing: the restored committer commits it.
        assertThat(client.commit(sealed)).isEqualTo(TransactionOutcome.COMMITTED);
        successor.begin();
        successor.send(message("EosB", "successor"));
        assertThat(client.commit(successor.prepareCommit())).isEqualTo(TransactionOutcome.COMMITTED);
        assertThat(readAll(client, "EosB", 2))
                .extracting(TxnTestKit::body)
                .containsExactly("sealed-by-checkpoint", "successor");
    }

    @Test
    void abortIsIdempotentAndCommitAfterAbortIsRefused() throws Exception {
        ExactlyOnceProducer producer = client.newExactlyOnceProducer(PRODUCER, "sink-3-slot-0", "EosB");
        producer.begin();
        producer.send(message("EosB", "never"));
        TransactionHandle handle = producer.prepareCommit();
        assertThat(client.abort(handle)).isEqualTo(TransactionOutcome.ABORTED);
        assertThat(client.abort(handle)).isEqualTo(TransactionOutcome.ALREADY_ABORTED);
        assertThatThrownBy(() -> client.commit(handle))
                .isInstanceOfSatisfying(TransactionException.class, e -> assertThat(e.responseCode())
                        .isEqualTo(ResponseCode.TXN_ALREADY_ABORTED));
        TransactionHandle unknown = new TransactionHandle(
                "sink-3-slot-0", handle.producerId(), handle.epoch(), 99, handle.brokerName(), "EosB", 1);
        assertThatThrownBy(() -> client.commit(unknown))
                .isInstanceOfSatisfying(
                        TransactionException.class, e -> assertThat(e.unknown()).isTrue());
        assertThat(readAll(client, "EosB", 0)).isEmpty();
    }

    @Test
    void theBrokerAbortsTransactionsPastTheirTimeout() throws Exception {
        ExactlyOnceProducer producer =
                client.newExactlyOnceProducer(PRODUCER, "sink-4-slot-0", "EosB", Duration.ofMillis(300));
        producer.begin();
        producer.send(message("EosB", "too-late"));
        TransactionHandle handle = producer.prepareCommit();
        TxnTestKit.until("the timeout abort", () -> client.listTransactions("sink-4-", TransactionListing.OPEN)
                .isEmpty());
        assertThatThrownBy(() -> client.commit(handle))
                .isInstanceOfSatisfying(TransactionException.class, e -> assertThat(e.responseCode())
                        .isEqualTo(ResponseCode.TXN_TIMED_OUT));
        assertThat(client.abort(handle)).isEqualTo(TransactionOutcome.ALREADY_ABORTED);
    }

    @Test
    void badRequestsAreRefusedNamingTheProblem() throws Exception {
        assertThatThrownBy(() -> client.newExactlyOnceProducer(PRODUCER, "bad id!", "EosB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad id!");
        assertThatThrownBy(() -> client.newExactlyOnceProducer(PRODUCER, "ok", "EosB", Duration.ofHours(1)))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("transactionTimeoutMs 3600000");
        ExactlyOnceProducer producer = client.newExactlyOnceProducer(PRODUCER, "sink-5-slot-0", "EosB");
        producer.begin();
        producer.send(message("EosB", "x"));
        TransactionHandle handle = producer.prepareCommit();
        TransactionHandle wrongCount = new TransactionHandle(
                handle.transactionalId(),
                handle.producerId(),
                handle.epoch(),
                handle.txnSeq(),
                handle.brokerName(),
                "EosB",
                5);
        assertThatThrownBy(() -> client.commit(wrongCount))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("has 1 staged messages, the handle says 5");
        assertThat(client.commit(handle)).isEqualTo(TransactionOutcome.COMMITTED);
    }

    @Test
    void openAndEndedTransactionsSurviveARestart() throws Exception {
        ExactlyOnceProducer producer = client.newExactlyOnceProducer(PRODUCER, "sink-6-slot-0", "EosB");
        producer.begin();
        producer.send(message("EosB", "committed-before"));
        TransactionHandle committed = producer.prepareCommit();
        client.commit(committed);
        producer.begin();
        producer.send(message("EosB", "prepared-before"));
        producer.send(message("EosB", "prepared-before-2"));
        TransactionHandle prepared = producer.prepareCommit();
        client.close();
        cluster.close();
        cluster = StandaloneCluster.start(TxnTestKit.config(dir), new SystemClock());
        client = TxnTestKit.client(cluster.namesrvAddress(), "after", 9);

        List<TransactionInfo> open = client.listTransactions("sink-6-", TransactionListing.OPEN, "EosB");
        assertThat(open).singleElement().satisfies(info -> {
            assertThat(info.state()).isEqualTo("SEALED");
            assertThat(info.stagedCount()).isEqualTo(2);
        });
        TransactionHandle restored = TransactionHandle.parse(prepared.encode());
        assertThat(client.commit(TransactionHandle.parse(committed.encode())))
                .isEqualTo(TransactionOutcome.ALREADY_COMMITTED);
        assertThat(client.commit(restored)).isEqualTo(TransactionOutcome.COMMITTED);
        List<String> bodies = new ArrayList<>();
        readAll(client, "EosB", 3).forEach(m -> bodies.add(body(m)));
        assertThat(bodies).containsExactly("committed-before", "prepared-before", "prepared-before-2");
        // A new producer of the id continues the epochs from the log.
        assertThat(client.newExactlyOnceProducer(PRODUCER, "sink-6-slot-0", "EosB")
                        .epoch())
                .isEqualTo(producer.epoch() + 1);
    }
}
