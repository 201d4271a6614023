package io.sluice.connector.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.flink.sink.internal.ProducerSettings;
import io.sluice.connector.flink.sink.internal.SluiceCommitException;
import io.sluice.connector.flink.sink.internal.SluiceCommitter;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.transaction.ExactlyOnceProducer;
import io.sluice.mq.client.transaction.TransactionHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committer against an in-process broker: a sealed transaction's commit makes its messages
 * visible, a repeated commit (a restore re-committing its checkpoint) counts as already committed,
 * and a transaction the broker aborted fails the commit with a message naming it and the cause.
 */
class SluiceCommitterTest {

    private static final SinkTestCluster SLUICE = new SinkTestCluster();

    @BeforeAll
    static void startSluice() throws Exception {
        SLUICE.startUp();
    }

    @AfterAll
    static void stopSluice() {
        SLUICE.tearDown();
    }

    private static SluiceCommitter committer() {
        return new SluiceCommitter(
                new ProducerSettings(
                        SLUICE.namesrvAddress(), "committer-test", Duration.ofSeconds(3), Duration.ofSeconds(3), 0),
                "committer-test-" + System.nanoTime());
    }

    private static TransactionHandle sealed(String topic, String id, String... bodies) {
        try (ExactlyOnceProducer producer =
                SLUICE.client().newExactlyOnceProducer(ProducerConfig.of("committer-test"), id, topic)) {
            producer.begin();
            for (String body : bodies) {
                producer.send(Message.builder(topic)
                        .body(body.getBytes(StandardCharsets.UTF_8))
                        .build());
            }
            return producer.prepareCommit();
        }
    }

    @Test
    void aCommitMakesTheMessagesVisibleAndARepeatedCommitIsAlreadyCommitted() throws Exception {
        String topic = SLUICE.newTopic("committer", 2);
        TransactionHandle handle = sealed(topic, "committer-0-0", "a", "b");
        try (SluiceCommitter committer = committer()) {
            Request first = new Request(handle);
            committer.commit(List.of(first));
            assertThat(first.signals).isEmpty(); // success is signalled by not signalling anything

            Request again = new Request(handle);
            committer.commit(List.of(again));
            assertThat(again.signals).containsExactly("alreadyCommitted");
        }
        assertThat(SLUICE.readAll(topic, 2, Duration.ofSeconds(30))).hasSize(2);
    }

    @Test
    void anAbortedTransactionFailsTheCommitNamingIt() throws Exception {
        String topic = SLUICE.newTopic("committer_aborted", 2);
        TransactionHandle handle = sealed(topic, "committer-1-0", "lost");
        SLUICE.client().abort(handle);
        try (SluiceCommitter committer = committer()) {
            Request request = new Request(handle);
            committer.commit(List.of(request));
            assertThat(request.signals).containsExactly("failedWithKnownReason");
            assertThat(request.failure)
                    .isInstanceOf(SluiceCommitException.class)
                    .hasMessageContaining(handle.encode())
                    .hasMessageContaining("completed checkpoint")
                    .hasMessageContaining("setTransactionTimeout");
        }
    }

    /** Records what the committer signals, as Flink's request would act on it. */
    private static final class Request implements CommitRequest<TransactionHandle> {
        final TransactionHandle handle;
        final List<String> signals = new ArrayList<>();
        Throwable failure;

        Request(TransactionHandle handle) {
            this.handle = handle;
        }

        @Override
        public TransactionHandle getCommittable() {
            return handle;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            signals.add("failedWithKnownReason");
            failure = t;
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            signals.add("failedWithUnknownReason");
            failure = t;
        }

        @Override
        public void retryLater() {
            signals.add("retryLater");
        }

        @Override
        public void updateAndRetryLater(TransactionHandle committable) {
            signals.add("updateAndRetryLater");
        }

        @Override
        public void signalAlreadyCommitted() {
            signals.add("alreadyCommitted");
        }
    }
}
