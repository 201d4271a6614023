package io.sluice.mq.bench;

import io.sluice.mq.common.SystemClock;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.FlushMode;
import io.sluice.mq.store.MessageDraft;
import io.sluice.mq.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Question: how many 1 KiB messages per second (and MiB/s of commit log) does <em>one producer
 * thread</em> get through a started {@link FileMessageStore}, appending batches of 1, 16 or 256
 * records, in {@code ASYNC_FLUSH} (ack from the page cache, fsync every 500 ms) and {@code
 * SYNC_FLUSH} (ack after a group-commit fsync)? The target is 200k msg/s for single-record ASYNC
 * appends from one thread.
 *
 * <p>How it measures: one operation appends {@value #MESSAGES_PER_OP} messages ({@code 256 /
 * batchSize} calls of {@code append} or {@code appendBatch}), so the reported ops/s are messages
 * per second for every batch size. The producer does not wait for each future: like an async
 * producer it keeps at most {@value #WINDOW_MESSAGES} messages in flight (1024, 64 or 4 futures)
 * and waits for the oldest future only when the window is full. The same window is used in both
 * flush modes, so SYNC_FLUSH here is "one pipelined producer"; {@link GroupCommitBenchmark} covers
 * many producers each waiting for its own ack. Futures still in flight when an iteration ends are
 * awaited in the iteration's tear-down (at most 1024 messages, under 0.5% of an iteration).
 *
 * <p>Every message carries a unique key and one business key, so the dispatcher indexes two keys
 * per message as it would for real producers. The store runs all four of its threads; segments are
 * 64 MiB. Each trial gets a fresh directory under {@code mq-core/target/bench-stores/}, deleted at
 * tear-down. The commit-log write and fsync counts for the trial are printed at tear-down.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@OperationsPerInvocation(CommitLogAppendBenchmark.MESSAGES_PER_OP)
public class CommitLogAppendBenchmark {

    static final int MESSAGES_PER_OP = 256;
    static final int WINDOW_MESSAGES = 1024;
    private static final int DISTINCT_MESSAGES = 4096;

    @Param({"1", "16", "256"})
    int batchSize;

    @Param({"ASYNC_FLUSH", "SYNC_FLUSH"})
    FlushMode flushMode;

    private Path dir;
    private CountingStorage storage;
    private FileMessageStore store;
    private List<List<MessageDraft>> batches;
    private final ArrayDeque<CompletableFuture<?>> window = new ArrayDeque<>();
    private int windowBatches;
    private int callsPerOp;
    private int next;
    private long trialStartNanos;

    @Setup(Level.Trial)
    public void openStore() throws IOException {
        dir = BenchSupport.newStoreDir("append-");
        StoreConfig config = StoreConfig.builder(dir)
                .segmentSizeBytes(64 << 20)
                .flushMode(flushMode)
                .build();
        storage = new CountingStorage();
        store = FileMessageStore.open(config, storage, new SystemClock());
        store.start(Thread::new);
        MessageDraft[] drafts = BenchSupport.drafts(DISTINCT_MESSAGES, 42);
        batches = new java.util.ArrayList<>();
        for (int from = 0; from + batchSize <= drafts.length; from += batchSize) {
            batches.add(List.copyOf(Arrays.asList(drafts).subList(from, from + batchSize)));
        }
        windowBatches = Math.max(1, WINDOW_MESSAGES / batchSize);
        callsPerOp = MESSAGES_PER_OP / batchSize;
        System.out.printf(
                "%nrecord size on disk: %d bytes (body %d)%n",
                BenchSupport.recordBytes(config), BenchSupport.BODY_BYTES);
        storage.reset();
        trialStartNanos = System.nanoTime();
    }

    @Benchmark
    public void append() {
        for (int i = 0; i < callsPerOp; i++) {
            if (window.size() >= windowBatches) {
                BenchSupport.await(window.pollFirst());
            }
            List<MessageDraft> batch = batches.get(next);
            next = next + 1 == batches.size() ? 0 : next + 1;
            window.addLast(batchSize == 1 ? store.append(batch.get(0)) : store.appendBatch(batch));
        }
    }

    @TearDown(Level.Iteration)
    public void drainWindow() {
        BenchSupport.drain(window);
    }

    @TearDown(Level.Trial)
    public void closeStore() throws IOException {
        try {
            BenchSupport.drain(window);
            double seconds = (System.nanoTime() - trialStartNanos) / 1e9;
            System.out.printf(
                    "%n%s; %.1f MiB written in the trial%n",
                    storage.summary(seconds), store.writtenPosition() / (1024.0 * 1024.0));
            store.close();
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }
}
