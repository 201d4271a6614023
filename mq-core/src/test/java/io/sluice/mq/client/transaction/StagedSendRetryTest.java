package io.sluice.mq.client.transaction;

import static io.sluice.mq.client.transaction.TxnTestKit.message;
import static io.sluice.mq.client.transaction.TxnTestKit.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.internal.SendCodec;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.remoting.RemotingClient;
import io.sluice.mq.remoting.RemotingClientConfig;
import io.sluice.mq.standalone.StandaloneCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries of staged sends inside a transaction (docs/design/exactly-once-primitives.md §4.2) against
 * a real in-process broker: our {@link ExactlyOnceProducer} retries a staged send whose answer a TCP
 * proxy dropped and the transaction commits each message once; on the wire, a staged send repeated
 * with its (producer id, epoch, sequence) gets its first answer and stages nothing, a gap gets 5100,
 * also after a restart that lost the sequence checkpoint (rebuilt from the stage topic).
 */
class StagedSendRetryTest {

    private static final String TOPIC = "StagedRetry";

    @TempDir
    Path dir;

    private StandaloneCluster cluster;
    private MqClient client;
    private RemotingClient wire;

    @BeforeEach
    void start() throws Exception {
        cluster = StandaloneCluster.start(TxnTestKit.config(dir), new SystemClock());
        client = TxnTestKit.client(cluster.namesrvAddress(), "staged-retry", 21);
        client.admin().createTopic(TOPIC, 1);
        wire = new RemotingClient(RemotingClientConfig.defaults(), new SystemClock(), Thread::new, "staged-wire");
    }

    @AfterEach
    void stop() {
        wire.close();
        client.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void ourProducerRetriesAStagedSendWhoseAnswerWasLostAndItIsCommittedOnce() throws Exception {
        InetSocketAddress broker = socket(cluster.brokerAddress());
        InetSocketAddress namesrv = socket(cluster.namesrvAddress());
        try (FrameProxy brokerProxy = new FrameProxy(
                        broker, Integer.toString(broker.getPort()).length());
                FrameProxy namesrvProxy = new FrameProxy(
                        namesrv, Integer.toString(namesrv.getPort()).length())) {
            namesrvProxy.rewriteServerFrames(cluster.brokerAddress(), brokerProxy.address());
            try (MqClient proxied = TxnTestKit.client(namesrvProxy.address(), "staged-proxied", 22)) {
                ExactlyOnceProducer producer = proxied.newExactlyOnceProducer(
                        ProducerConfig.of("staged-retry")
                                .withSendTimeout(Duration.ofSeconds(1))
                                .withRetries(3),
                        "retry-client",
                        TOPIC);
                producer.begin();
                producer.send(message(TOPIC, "m0"));
                brokerProxy.dropResponses("slStaged", 1);
                producer.send(message(TOPIC, "m1"));
                assertThat(brokerProxy.dropped()).isEqualTo(1);
                producer.send(message(TOPIC, "m2"));
                TransactionHandle handle = producer.prepareCommit();
                assertThat(handle.stagedCount()).isEqualTo(3);
                assertThat(proxied.commit(handle)).isEqualTo(TransactionOutcome.COMMITTED);
            }
        }
        assertThat(readAll(client, TOPIC, 3)).extracting(TxnTestKit::body).containsExactly("m0", "m1", "m2");
    }

    @Test
    void aRepeatedStagedSequenceGetsItsFirstAnswerAGapGets5100AndBothSurviveARestart() throws Exception {
        RemotingCommand init = wire.invoke(
                        cluster.brokerAddress(),
                        RemotingCommand.request(RequestCode.SLUICE_INIT_PRODUCER)
                                .putExt("transactionalId", "retry-wire")
                                .putExt("transactionTimeoutMs", 600_000),
                        5000)
                .join();
        long producerId = init.requireExtLong("producerId");
        int epoch = init.requireExtInt("epoch");
        RemotingCommand first = stage(producerId, epoch, 0, "a");
        RemotingCommand second = stage(producerId, epoch, 1, "b");
        assertThat(first.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(second.code()).isEqualTo(ResponseCode.SUCCESS);

        RemotingCommand again = stage(producerId, epoch, 1, "b");
        assertThat(again.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(again.ext("msgId")).isEqualTo(second.ext("msgId"));
        assertThat(again.ext("slDuplicate")).isEqualTo("true");
        RemotingCommand gap = stage(producerId, epoch, 3, "d");
        assertThat(gap.code()).isEqualTo(ResponseCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(gap.remark()).contains("expected 2, got 3");

        restartWithoutSequenceCheckpoint(); // as after a kill before the first checkpoint
        RemotingCommand replayed = stage(producerId, epoch, 1, "b");
        assertThat(replayed.ext("msgId")).isEqualTo(second.ext("msgId"));
        assertThat(replayed.ext("slDuplicate")).isEqualTo("true");
        assertThat(stage(producerId, epoch, 3, "d").code()).isEqualTo(ResponseCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(stage(producerId, epoch, 2, "c").code()).isEqualTo(ResponseCode.SUCCESS);

        // The broker checks the staged count at commit: a twice-staged "b" would make it 4, not 3.
        TransactionHandle handle = new TransactionHandle("retry-wire", producerId, epoch, 1, "broker-a", TOPIC, 3);
        assertThat(client.commit(handle)).isEqualTo(TransactionOutcome.COMMITTED);
        assertThat(readAll(client, TOPIC, 3)).extracting(TxnTestKit::body).containsExactly("a", "b", "c");
    }

    @Test
    void aRetryOlderThanTheRememberedAnswersIsAcknowledgedWithoutStagingAgain() {
        RemotingCommand init = wire.invoke(
                        cluster.brokerAddress(),
                        RemotingCommand.request(RequestCode.SLUICE_INIT_PRODUCER)
                                .putExt("transactionalId", "retry-old")
                                .putExt("transactionTimeoutMs", 600_000),
                        5000)
                .join();
        long producerId = init.requireExtLong("producerId");
        int epoch = init.requireExtInt("epoch");
        for (int seq = 0; seq < 7; seq++) {
            assertThat(stage(producerId, epoch, seq, "o" + seq).code()).isEqualTo(ResponseCode.SUCCESS);
        }
        // Only the last 5 answers are kept: seq 0's answer is gone, but it was admitted.
        RemotingCommand old = stage(producerId, epoch, 0, "o0");
        assertThat(old.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(old.ext("slDuplicate")).isEqualTo("true");
        assertThat(old.remark()).contains("no longer kept");
        assertThat(stage(producerId, epoch, 9, "o9").code()).isEqualTo(ResponseCode.OUT_OF_ORDER_SEQUENCE);

        TransactionHandle handle = new TransactionHandle("retry-old", producerId, epoch, 1, "broker-a", TOPIC, 7);
        assertThat(client.commit(handle)).isEqualTo(TransactionOutcome.COMMITTED);
        assertThat(readAll(client, TOPIC, 7))
                .extracting(TxnTestKit::body)
                .containsExactly("o0", "o1", "o2", "o3", "o4", "o5", "o6");
    }

    private RemotingCommand stage(long producerId, int epoch, long seq, String text) {
        SendCodec.Prepared prepared = SendCodec.prepare(message(TOPIC, text), "uniq-" + text, 4096, 1 << 20);
        RemotingCommand request = SendCodec.single(
                        "staged-wire", prepared, new MessageQueue(TOPIC, "broker-a", 0), System.currentTimeMillis())
                .putExt("slPid", producerId)
                .putExt("slEpoch", epoch)
                .putExt("slTxnSeq", 1)
                .putExt("slSeq", seq);
        return wire.invoke(cluster.brokerAddress(), request, 5000).join();
    }

    private void restartWithoutSequenceCheckpoint() throws Exception {
        client.close();
        cluster.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals("idempotence"))
                    .toList()) {
                Files.delete(file);
            }
        }
        cluster = StandaloneCluster.start(TxnTestKit.config(dir), new SystemClock());
        client = TxnTestKit.client(cluster.namesrvAddress(), "staged-retry", 21);
    }

    private static InetSocketAddress socket(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }
}
