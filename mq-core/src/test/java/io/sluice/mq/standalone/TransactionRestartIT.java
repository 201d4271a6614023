package io.sluice.mq.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.client.producer.TransactionListener;
import io.sluice.mq.client.producer.TransactionState;
import io.sluice.mq.client.producer.TransactionalProducer;
import io.sluice.mq.common.MqException;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.remoting.RemotingClient;
import io.sluice.mq.remoting.RemotingClientConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transactions across a SIGKILL and a SIGTERM of {@code sluice standalone} in a child JVM: halves
 * left open (and already re-queued by checks) before the kill are checked again after it; a message
 * committed before an outage is delivered once, a rolled-back one never, and a restart does not
 * re-commit what was resolved (the op records and the persisted scan position are replayed).
 */
class TransactionRestartIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final long WAIT_MS = 30_000;
    private static final String TOPIC = "TxRestartIT";
    private static final String GROUP = "TxRestartGroup";

    /** What the listener answers to checks, by body; UNKNOWN when absent. */
    private final Map<String, TransactionState> decisions = new ConcurrentHashMap<>();

    private final Map<String, Integer> checks = new ConcurrentHashMap<>();

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void committedOnceRolledBackNeverAcrossKillAndStop() throws Exception {
        Path dir = Files.createTempDirectory("sluice-tx-restart");
        try (SluiceChildProcess child = new SluiceChildProcess(
                        dir.resolve("store"),
                        dir,
                        SluiceChildProcess.freePort(),
                        SluiceChildProcess.freePort(),
                        Map.of("transactionTimeOut", "300", "transactionCheckInterval", "200"));
                RemotingClient raw =
                        new RemotingClient(RemotingClientConfig.defaults(), new SystemClock(), Thread::new, "raw")) {
            child.start(START_TIMEOUT);
            try (MqClient client = client(child)) {
                client.admin().createTopic(TOPIC, 1);
                until("route of " + TOPIC, () -> client.admin().queues(TOPIC).size() == 1);
                TransactionalProducer producer =
                        client.newTransactionalProducer(ProducerConfig.of(GROUP), new Listener());
                producer.send(message("committed"), TransactionState.COMMIT);
                producer.send(message("rolled-back"), TransactionState.ROLLBACK);
                producer.send(message("pending-commit"), TransactionState.UNKNOWN);
                producer.send(message("pending-rollback"), TransactionState.UNKNOWN);
                client.heartbeatNow();
                // Checked (so re-queued) at least twice while still undecided.
                until(
                        "two checks of each pending message",
                        () -> checks.getOrDefault("pending-commit", 0) >= 2
                                && checks.getOrDefault("pending-rollback", 0) >= 2);
                // Resolved just before the kill, still ahead of the persisted scan position: only the
                // replayed op records keep them resolved. A check would answer COMMIT (see Listener).
                producer.send(message("just-committed"), TransactionState.COMMIT);
                producer.send(message("just-rolled-back"), TransactionState.ROLLBACK);
                // END_TRANSACTION is oneway: wait until the broker recorded both, then kill at once.
                until("the last resolutions recorded", () -> opRecords(raw, child) >= 4);
                assertThat(child.kill(Duration.ofSeconds(10))).isNotZero();
                decisions.put("pending-commit", TransactionState.COMMIT);
                decisions.put("pending-rollback", TransactionState.ROLLBACK);
                child.start(START_TIMEOUT);

                until("both pending messages resolved", () -> opRecords(raw, child) >= 6);
                sendProbe(producer, "probe-1");
                until("a check after the resolutions", () -> checks.containsKey("probe-1"));
                assertThat(bodies(raw, child)).containsExactly("committed", "just-committed", "pending-commit");

                assertThat(child.stopCleanly(Duration.ofSeconds(30))).isIn(0, 143);
                child.start(START_TIMEOUT);
                sendProbe(producer, "probe-2");
                until("a check after the clean restart", () -> checks.containsKey("probe-2"));
                assertThat(bodies(raw, child)).containsExactly("committed", "just-committed", "pending-commit");
                assertThat(checks).doesNotContainKeys("committed", "rolled-back", "just-committed", "just-rolled-back");
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\n" + child.logTail(), e);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** An undecided transaction whose check proves a check pass ran past everything before it. */
    private void sendProbe(TransactionalProducer producer, String body) {
        until("probe " + body + " sent", () -> {
            try {
                producer.send(message(body), TransactionState.UNKNOWN);
                return true;
            } catch (MqException e) {
                return false; // the client is still reconnecting
            }
        });
    }

    private final class Listener implements TransactionListener {
        @Override
        public TransactionState executeLocal(Message message, SendResult half, Object argument) {
            return (TransactionState) argument;
        }

        @Override
        public TransactionState check(ReceivedMessage message) {
            String body = new String(message.body(), StandardCharsets.UTF_8);
            checks.merge(body, 1, Integer::sum);
            if (body.startsWith("just-")) {
                return TransactionState.COMMIT; // resolved already; answering again must change nothing
            }
            return decisions.getOrDefault(body, TransactionState.UNKNOWN);
        }
    }

    private static MqClient client(SluiceChildProcess child) {
        ClientConfig config = ClientConfig.builder(child.namesrvAddress())
                .instanceName("tx-restart")
                .clientIp("127.0.0.1")
                .requestTimeout(Duration.ofSeconds(3))
                .routeRefreshInterval(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(1))
                .build();
        return new MqClient(config, new SystemClock(), new SplittableRandom(11)).start();
    }

    private static Message message(String body) {
        return Message.builder(TOPIC)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static long opRecords(RemotingClient raw, SluiceChildProcess child) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                .putExt("topic", "RMQ_SYS_TRANS_OP_HALF_TOPIC")
                .putExt("queueId", 0);
        try {
            return Long.parseLong(
                    raw.invokeSync(child.brokerAddress(), request, 3_000).ext("offset"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (RuntimeException e) { // the child is restarting
            return -1;
        }
    }

    private static List<String> bodies(RemotingClient raw, SluiceChildProcess child) throws InterruptedException {
        RemotingCommand pull = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", "TxReader")
                .putExt("topic", TOPIC)
                .putExt("queueId", 0)
                .putExt("queueOffset", 0)
                .putExt("maxMsgNums", 32)
                .putExt("sysFlag", 0x4) // the subscription comes with the request, as lite-pull consumers send it
                .putExt("subscription", "*")
                .putExt("commitOffset", 0)
                .putExt("suspendTimeoutMillis", 0)
                .putExt("subVersion", 0);
        RemotingCommand response = raw.invokeSync(child.brokerAddress(), pull, 5_000);
        if (response.code() == ResponseCode.PULL_NOT_FOUND) {
            return List.of();
        }
        assertThat(response.code()).as("pull answer: %s", response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return StoredMessageDecoder.decodeAll(response.body()).stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8))
                .toList();
    }

    private static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
