package io.sluice.mq.bench;

import io.sluice.mq.common.SystemClock;
import io.sluice.mq.store.AppendResult;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.FlushMode;
import io.sluice.mq.store.GetResult;
import io.sluice.mq.store.GetStatus;
import io.sluice.mq.store.MessageDraft;
import io.sluice.mq.store.StoreConfig;
import io.sluice.mq.store.io.FileStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Question: how fast are the read paths a consumer and an admin tool hit, on a queue of 200k 1 KiB
 * messages whose files are in the page cache: {@code getMessages} of 32 entries from a random
 * offset (one consume-queue read plus 32 validated commit-log reads), and {@code
 * offsetForTimestamp} (a binary search that reads and validates one record per step)?
 *
 * <p>The queue is filled once per trial through a started store (ASYNC_FLUSH, batches of 256),
 * closed cleanly and reopened <em>without</em> starting the store's threads, so the measurement is
 * the read path alone. Random offsets and timestamps come from a fixed seed and are cycled. Scores
 * are calls per second ({@code getMessages} returns 32 messages per call). The directory lives
 * under {@code mq-core/target/bench-stores/} and is deleted at tear-down; the reopen time is
 * printed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ConsumeQueueLookupBenchmark {

    static final int MESSAGES = 200_000;
    static final int BATCH = 32;
    private static final int SAMPLES = 1 << 14;

    private Path dir;
    private StoreConfig config;
    private FileMessageStore store;
    private long[] offsets;
    private long[] timestamps;

    /** Per-thread position in the sample arrays. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup(Level.Trial)
    public void fillQueue() throws IOException {
        dir = BenchSupport.newStoreDir("lookup-");
        config = StoreConfig.builder(dir)
                .segmentSizeBytes(64 << 20)
                .flushMode(FlushMode.ASYNC_FLUSH)
                .build();
        long firstStoreMs;
        long lastStoreMs;
        try (FileMessageStore writer = FileMessageStore.open(config, new FileStorage(), new SystemClock())) {
            writer.start(Thread::new);
            MessageDraft[] drafts = BenchSupport.drafts(4096, 44);
            ArrayDeque<CompletableFuture<AppendResult>> window = new ArrayDeque<>();
            AppendResult first = null;
            AppendResult last = null;
            for (int from = 0; from < MESSAGES; from += 256) {
                if (window.size() >= 8) {
                    AppendResult done = BenchSupport.await(window.pollFirst());
                    first = first == null ? done : first;
                }
                int start = from % drafts.length;
                int count = Math.min(256, MESSAGES - from);
                window.addLast(
                        writer.appendBatch(List.copyOf(Arrays.asList(drafts).subList(start, start + count))));
            }
            while (!window.isEmpty()) {
                last = BenchSupport.await(window.pollFirst());
            }
            firstStoreMs = first.storeTimestampMs();
            lastStoreMs = last.storeTimestampMs();
        }
        long reopenStart = System.nanoTime();
        store = FileMessageStore.open(config, new FileStorage(), new SystemClock());
        System.out.printf(
                "%nreopened a store of %d messages in %.0f ms%n",
                store.maxOffset(BenchSupport.TOPIC, 0), (System.nanoTime() - reopenStart) / 1e6);
        if (store.maxOffset(BenchSupport.TOPIC, 0) != MESSAGES) {
            throw new IllegalStateException("queue holds " + store.maxOffset(BenchSupport.TOPIC, 0) + " entries");
        }
        SplittableRandom random = new SplittableRandom(4711);
        offsets = new long[SAMPLES];
        timestamps = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            offsets[i] = random.nextLong(MESSAGES - BATCH + 1);
            timestamps[i] = firstStoreMs + random.nextLong(lastStoreMs - firstStoreMs + 1);
        }
        GetResult probe = store.getMessages(BenchSupport.TOPIC, 0, offsets[0], BATCH, 1 << 20, null);
        if (probe.status() != GetStatus.FOUND || probe.messages().size() != BATCH) {
            throw new IllegalStateException("probe read returned " + probe.status() + " with "
                    + probe.messages().size() + " messages");
        }
    }

    @Benchmark
    public GetResult getMessages32(Cursor cursor) throws IOException {
        long offset = offsets[cursor.next++ & (SAMPLES - 1)];
        return store.getMessages(BenchSupport.TOPIC, 0, offset, BATCH, 1 << 20, null);
    }

    @Benchmark
    public long offsetForTimestamp(Cursor cursor) throws IOException {
        long timestamp = timestamps[cursor.next++ & (SAMPLES - 1)];
        return store.offsetForTimestamp(BenchSupport.TOPIC, 0, timestamp);
    }

    @TearDown(Level.Trial)
    public void closeStore() throws IOException {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }
}
