package io.sluice.mq.bench;

import io.sluice.mq.common.SystemClock;
import io.sluice.mq.store.AppendResult;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.FlushMode;
import io.sluice.mq.store.MessageDraft;
import io.sluice.mq.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Question: with 64 concurrent producers, each appending one 1 KiB message and waiting for its own
 * acknowledgement before sending the next (a synchronous RocketMQ send), does {@code SYNC_FLUSH}
 * reach at least 50% of {@code ASYNC_FLUSH} throughput thanks to group commit (one fsync
 * acknowledging every append written before it started)?
 *
 * <p>64 JMH threads share one started store per trial; the score is the sum over threads, in
 * messages per second. Do not pass {@code -t} on the command line: it would override the 64
 * threads. The tear-down prints the commit-log fsync count, so appends per fsync (the group
 * size) can be read off. Each trial gets a fresh directory under {@code
 * mq-core/target/bench-stores/}, deleted at tear-down.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Threads(64)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GroupCommitBenchmark {

    private static final int DISTINCT_MESSAGES = 4096;

    @Param({"SYNC_FLUSH", "ASYNC_FLUSH"})
    FlushMode flushMode;

    private Path dir;
    private CountingStorage storage;
    private FileMessageStore store;
    private MessageDraft[] drafts;
    private int recordBytes;
    private long trialStartNanos;
    private final AtomicInteger producers = new AtomicInteger();

    /** Each producer walks its own slice of the messages. */
    @State(Scope.Thread)
    public static class Producer {
        int next;

        @Setup(Level.Trial)
        public void pickSlice(GroupCommitBenchmark shared) {
            next = shared.producers.getAndIncrement() * 64;
        }
    }

    @Setup(Level.Trial)
    public void openStore() throws IOException {
        dir = BenchSupport.newStoreDir("group-commit-");
        StoreConfig config = StoreConfig.builder(dir)
                .segmentSizeBytes(64 << 20)
                .flushMode(flushMode)
                .build();
        storage = new CountingStorage();
        store = FileMessageStore.open(config, storage, new SystemClock());
        store.start(Thread::new);
        drafts = BenchSupport.drafts(DISTINCT_MESSAGES, 43);
        recordBytes = BenchSupport.recordBytes(config);
        trialStartNanos = System.nanoTime();
    }

    @Benchmark
    public AppendResult appendAndWait(Producer producer) {
        MessageDraft draft = drafts[producer.next++ & (DISTINCT_MESSAGES - 1)];
        return BenchSupport.await(store.append(draft));
    }

    @TearDown(Level.Trial)
    public void closeStore() throws IOException {
        try {
            double seconds = (System.nanoTime() - trialStartNanos) / 1e9;
            long appends = store.writtenPosition() / recordBytes;
            System.out.printf(
                    "%n%s; %d appends in the trial, %.1f appends per fsync%n",
                    storage.summary(seconds),
                    appends,
                    storage.forces() == 0 ? 0.0 : (double) appends / storage.forces());
            store.close();
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }
}
