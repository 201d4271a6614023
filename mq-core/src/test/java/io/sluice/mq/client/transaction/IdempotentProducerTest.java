package io.sluice.mq.client.transaction;

import static io.sluice.mq.client.transaction.TxnTestKit.message;
import static io.sluice.mq.client.transaction.TxnTestKit.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.internal.SendCodec;
import io.sluice.mq.client.producer.Producer;
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idempotent producer (docs/design/exactly-once-primitives.md §4) against a real in-process
 * broker: our {@link Producer} in idempotent mode retries a send whose answer a TCP proxy dropped
 * and the message is stored once (a plain producer stores it twice through the same proxy); on
 * the wire, a repeated sequence gets its first answer, a gap gets 5100 naming expected and got,
 * and both survive a restart (from the checkpoint, and from the log alone when the checkpoint is
 * gone as after a kill).
 */
class IdempotentProducerTest {

    private static final String TOPIC = "Idem";

    @TempDir
    Path dir;

    private StandaloneCluster cluster;
    private MqClient client;
    private RemotingClient wire;

    @BeforeEach
    void start() throws Exception {
        cluster = StandaloneCluster.start(TxnTestKit.config(dir), new SystemClock());
        client = TxnTestKit.client(cluster.namesrvAddress(), "idem", 11);
        client.admin().createTopic(TOPIC, 1);
        wire = new RemotingClient(RemotingClientConfig.defaults(), new SystemClock(), Thread::new, "idem-wire");
    }

    @AfterEach
    void stop() throws Exception {
        wire.close();
        client.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aRetryAfterALostAnswerIsStoredOnceByTheIdempotentProducer() throws Exception {
        assertThat(sendThroughLossyProxy(true)).containsExactly("m0", "m1", "m2");
    }

    @Test
    void aPlainProducerStoresTheSameRetryTwice() throws Exception {
        // The control: the proxy really loses an answer after the broker stored the message.
        assertThat(sendThroughLossyProxy(false)).containsExactly("m0", "m1", "m1", "m2");
    }

    private List<String> sendThroughLossyProxy(boolean idempotent) throws Exception {
        InetSocketAddress broker = socket(cluster.brokerAddress());
        InetSocketAddress namesrv = socket(cluster.namesrvAddress());
        try (FrameProxy brokerProxy = new FrameProxy(
                        broker, Integer.toString(broker.getPort()).length());
                FrameProxy namesrvProxy = new FrameProxy(
                        namesrv, Integer.toString(namesrv.getPort()).length())) {
            // Routes name the broker proxy, so the client's sends and their answers cross it.
            namesrvProxy.rewriteServerFrames(cluster.brokerAddress(), brokerProxy.address());
            try (MqClient proxied = TxnTestKit.client(namesrvProxy.address(), "idem-proxied", 13)) {
                Producer producer = proxied.newProducer(ProducerConfig.of("idem-" + idempotent)
                        .withSendTimeout(Duration.ofSeconds(1))
                        .withRetries(3)
                        .idempotent(idempotent));
                producer.send(message(TOPIC, "m0"), "k");
                brokerProxy.dropResponses("queueOffset", 1);
                producer.send(message(TOPIC, "m1"), "k");
                assertThat(brokerProxy.dropped()).isEqualTo(1);
                producer.send(message(TOPIC, "m2"), "k");
            }
        }
        int expected = idempotent ? 3 : 4;
        return readAll(client, TOPIC, expected).stream().map(TxnTestKit::body).toList();
    }

    @Test
    void aRepeatedSequenceGetsItsFirstAnswerAndAGapGets5100() {
        long producerId = init();
        RemotingCommand first = send(producerId, 0, "a");
        RemotingCommand second = send(producerId, 1, "b");
        assertThat(first.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(second.code()).isEqualTo(ResponseCode.SUCCESS);

        RemotingCommand again = send(producerId, 0, "a");
        assertThat(again.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(again.ext("msgId")).isEqualTo(first.ext("msgId"));
        assertThat(again.ext("queueOffset")).isEqualTo(first.ext("queueOffset"));
        assertThat(again.ext("slDuplicate")).isEqualTo("true");

        RemotingCommand gap = send(producerId, 3, "d");
        assertThat(gap.code()).isEqualTo(ResponseCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(gap.remark()).contains("expected 2, got 3");

        RemotingCommand unknown = send(producerId + 1000, 0, "x");
        assertThat(unknown.code()).isEqualTo(ResponseCode.TXN_UNKNOWN);
        assertThat(readAll(client, TOPIC, 2)).extracting(TxnTestKit::body).containsExactly("a", "b");
    }

    @Test
    void theTableSurvivesARestartFromItsCheckpointAndFromTheLogAlone() throws Exception {
        long producerId = init();
        RemotingCommand first = send(producerId, 0, "a");
        RemotingCommand second = send(producerId, 1, "b");

        restart(false); // clean: the checkpoint written at close
        RemotingCommand retried = send(producerId, 1, "b");
        assertThat(retried.ext("queueOffset")).isEqualTo(second.ext("queueOffset"));
        assertThat(retried.ext("slDuplicate")).isEqualTo("true");
        assertThat(send(producerId, 2, "c").code()).isEqualTo(ResponseCode.SUCCESS);

        restart(true); // checkpoint gone, as if killed before its first one: replayed from the log
        RemotingCommand replayed = send(producerId, 0, "a");
        assertThat(replayed.ext("queueOffset")).isEqualTo(first.ext("queueOffset"));
        assertThat(replayed.ext("msgId")).isEqualTo(first.ext("msgId"));
        assertThat(send(producerId, 2, "c").ext("slDuplicate")).isEqualTo("true");
        assertThat(send(producerId, 4, "e").remark()).contains("expected 3, got 4");
        assertThat(send(producerId, 3, "d").code()).isEqualTo(ResponseCode.SUCCESS);

        assertThat(readAll(client, TOPIC, 4)).extracting(TxnTestKit::body).containsExactly("a", "b", "c", "d");
    }

    private void restart(boolean dropCheckpoint) throws Exception {
        client.close();
        cluster.close();
        if (dropCheckpoint) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(p -> p.getFileName().toString().equals("idempotence"))
                        .toList()) {
                    Files.delete(file);
                }
            }
        }
        cluster = StandaloneCluster.start(TxnTestKit.config(dir), new SystemClock());
        client = TxnTestKit.client(cluster.namesrvAddress(), "idem", 11);
    }

    private long init() {
        RemotingCommand response = wire.invoke(
                        cluster.brokerAddress(), RemotingCommand.request(RequestCode.SLUICE_INIT_PRODUCER), 5000)
                .join();
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        return response.requireExtLong("producerId");
    }

    private RemotingCommand send(long producerId, long seq, String text) {
        SendCodec.Prepared prepared = SendCodec.prepare(message(TOPIC, text), "uniq-" + text, 4096, 1 << 20);
        RemotingCommand request = SendCodec.single(
                        "idem-wire", prepared, new MessageQueue(TOPIC, "any", 0), System.currentTimeMillis())
                .putExt("slPid", producerId)
                .putExt("slEpoch", 0)
                .putExt("slSeq", seq);
        return wire.invoke(cluster.brokerAddress(), request, 5000).join();
    }

    private static InetSocketAddress socket(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }
}
