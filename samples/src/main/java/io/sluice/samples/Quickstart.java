package io.sluice.samples;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.store.AppendResult;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.FlushMode;
import io.sluice.mq.store.GetResult;
import io.sluice.mq.store.MessageDraft;
import io.sluice.mq.store.StoreConfig;
import io.sluice.mq.store.io.FileStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The README's first command: runs Sluice's store embedded in this JVM, produces a stream of 1 KiB
 * messages into four queues, consumes it back with a consumer group, and prints throughput and lag.
 *
 * <p>Arguments (all optional): {@code messages} (default 200000), {@code SYNC_FLUSH|ASYNC_FLUSH}
 * (default SYNC_FLUSH). Data goes to a temporary directory that is deleted at the end.
 */
public final class Quickstart {

    private static final String TOPIC = "quickstart-orders";
    private static final String GROUP = "quickstart-group";
    private static final int QUEUES = 4;
    private static final int BODY_BYTES = 1024;
    private static final int IN_FLIGHT = 2048;

    private Quickstart() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        FlushMode mode = args.length > 1 ? FlushMode.valueOf(args[1]) : FlushMode.SYNC_FLUSH;
        // CHECKSTYLE.OFF: BannedApi - a command-line entry point prints to stdout
        PrintStream out = System.out;
        // CHECKSTYLE.ON: BannedApi
        Path dir = Files.createTempDirectory("sluice-quickstart");
        Clock clock = new SystemClock();
        StoreConfig config = StoreConfig.builder(dir)
                .segmentSizeBytes(256 * 1024 * 1024)
                .flushMode(mode)
                .build();
        try (FileMessageStore store = FileMessageStore.open(config, new FileStorage(), clock)) {
            store.start(Thread::new);
            out.printf("Sluice store embedded at %s (%s)%n", dir, mode);
            produce(store, messages, clock, out);
            consume(store, messages, clock, out);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void produce(FileMessageStore store, int messages, Clock clock, PrintStream out) throws Exception {
        byte[] body = new byte[BODY_BYTES];
        ArrayDeque<CompletableFuture<AppendResult>> inFlight = new ArrayDeque<>();
        HostAddress producer = HostAddress.loopback(0);
        long start = clock.nanoTime();
        for (int i = 0; i < messages; i++) {
            String properties = "KEYS\u0001order-" + i + "\u0002TAGS\u0001" + (i % 2 == 0 ? "paid" : "new");
            inFlight.addLast(
                    store.append(MessageDraft.of(TOPIC, i % QUEUES, body, properties, clock.nowMs(), producer)));
            if (inFlight.size() >= IN_FLIGHT) {
                inFlight.removeFirst().get();
            }
        }
        while (!inFlight.isEmpty()) {
            inFlight.removeFirst().get();
        }
        report(out, "produced", messages, clock.nanoTime() - start);
    }

    private static void consume(FileMessageStore store, int messages, Clock clock, PrintStream out)
            throws IOException, InterruptedException {
        long start = clock.nanoTime();
        long consumed = 0;
        long deadline = start + 60_000_000_000L;
        while (consumed < messages && clock.nanoTime() < deadline) {
            long before = consumed;
            for (int queue = 0; queue < QUEUES; queue++) {
                long next = store.consumerOffsets().query(GROUP, TOPIC, queue).orElse(0L);
                GetResult result = store.getMessages(TOPIC, queue, next, 256, 1 << 20, null);
                consumed += result.messages().size();
                store.consumerOffsets().commit(GROUP, TOPIC, queue, result.nextBeginOffset());
            }
            if (consumed == before) {
                Thread.onSpinWait(); // the dispatcher is still indexing the newest messages
            }
        }
        report(out, "consumed", consumed, clock.nanoTime() - start);
        for (int queue = 0; queue < QUEUES; queue++) {
            long max = store.maxOffset(TOPIC, queue);
            long committed = store.consumerOffsets().query(GROUP, TOPIC, queue).orElse(0L);
            out.printf(
                    "  queue %d: broker offset %d, consumer offset %d, lag %d%n",
                    queue, max, committed, max - committed);
        }
        out.printf(
                "Key lookup of order-%d found %d message(s)%n",
                messages / 2,
                store.queryByKey(TOPIC, "order-" + messages / 2, 4, 0, Long.MAX_VALUE)
                        .size());
    }

    private static void report(PrintStream out, String what, long count, long nanos) {
        double seconds = nanos / 1e9;
        out.printf(
                "%s %d messages of %d bytes in %.2f s: %.0f msgs/s, %.1f MB/s%n",
                what, count, BODY_BYTES, seconds, count / seconds, count * (double) BODY_BYTES / seconds / 1e6);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
