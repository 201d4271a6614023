package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.remoting.RemotingClient;
import io.sluice.mq.store.FlushMode;
import io.sluice.mq.store.io.FaultyStorage;
import io.sluice.mq.store.io.FileStorage;
import io.sluice.mq.store.io.ForwardingStorage;
import io.sluice.mq.store.io.ForwardingStorageFile;
import io.sluice.mq.store.io.Storage;
import io.sluice.mq.store.io.StorageFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store failures reach producers as the codes official clients act on. */
class BrokerStoreFailureTest {

    @TempDir
    Path dir;

    private Broker broker;
    private final RemotingClient client = TestCluster.newClient("producer");

    /** Holds every commit-log fsync until {@link #release}d (at most 10 s). */
    private static final class HeldForce extends ForwardingStorage {
        final CountDownLatch released = new CountDownLatch(1);

        HeldForce() {
            super(new FileStorage());
        }

        @Override
        protected StorageFile onOpen(StorageFile file) {
            if (!file.path().toString().contains("commitlog")) {
                return file;
            }
            return new ForwardingStorageFile(file) {
                @Override
                public void force() throws IOException {
                    try {
                        released.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while holding a force");
                    }
                    // No real fsync: the test is about the broker's answers to a slow and then a
                    // fast disk, and a real one can take longer than the 200 ms timeout on a busy
                    // machine, which would make the "fast disk" send time out too.
                }
            };
        }

        void release() {
            released.countDown();
        }
    }

    private RemotingCommand send(String body) throws InterruptedException {
        return client.invokeSync(broker.address(), sendV2("Failing", 0, body, ""), TestCluster.TIMEOUT_MS);
    }

    private void start(BrokerConfig config, Storage storage) throws Exception {
        broker = Broker.start(config, new SystemClock(), Thread::new, storage);
    }

    @AfterEach
    void stop() {
        client.close();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void syncFlushSendNotDurableInTimeIsAnsweredFlushDiskTimeout() throws Exception {
        HeldForce storage = new HeldForce();
        BrokerConfig config = TestCluster.config(dir)
                .flushMode(FlushMode.SYNC_FLUSH)
                .syncFlushTimeout(Duration.ofMillis(200))
                .build();
        try {
            start(config, storage);
            RemotingCommand response = send("slow disk");

            assertThat(response.code()).isEqualTo(ResponseCode.FLUSH_DISK_TIMEOUT);
            assertThat(response.extFields()).containsKeys("msgId", "queueId", "queueOffset");
            assertThat(response.remark()).contains("200 ms");
        } finally {
            storage.release();
        }
        assertThat(send("fast disk").code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void failedWriteStopsTheStoreAndSendsAreRefusedWithTheReason() throws Exception {
        FaultyStorage storage = new FaultyStorage(new FileStorage());
        storage.failNth(FaultyStorage.Operation.WRITE, "commitlog", 1, new IOException("disk on fire"));
        start(TestCluster.config(dir).build(), storage);

        RemotingCommand first = send("lost");
        assertThat(first.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(first.remark()).contains("disk on fire");
        RemotingCommand second = send("refused");
        assertThat(second.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(second.remark()).contains("store stopped");
    }
}
