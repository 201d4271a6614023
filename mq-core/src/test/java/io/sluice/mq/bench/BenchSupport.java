package io.sluice.mq.bench;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.store.MessageDraft;
import io.sluice.mq.store.StoreConfig;
import io.sluice.mq.store.log.RecordCodec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Shared fixtures of the store benchmarks: directories under {@code target/}, messages, waiting. */
final class BenchSupport {

    /** Body size of every benchmark message. */
    static final int BODY_BYTES = 1024;

    /** Topic the benchmarks write to. */
    static final String TOPIC = "bench";

    /** Longest any single wait in a benchmark may take before it is reported as a hang. */
    static final long WAIT_SECONDS = 60;

    private BenchSupport() {}

    /**
     * A fresh directory under mq-core's {@code target/} (found from where this class was loaded, so
     * it works from any working directory and in JMH's forked JVM).
     */
    static Path newStoreDir(String prefix) throws IOException {
        Path target;
        try {
            Path classes = Paths.get(BenchSupport.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            target = classes.getParent();
        } catch (URISyntaxException | SecurityException e) {
            target = Paths.get("target");
        }
        Path root = target.resolve("bench-stores");
        Files.createDirectories(root);
        return Files.createTempDirectory(root, prefix);
    }

    /** Deletes {@code dir} and everything in it; does nothing if it is gone. */
    static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * {@code count} distinct 1 KiB messages to queue 0 of {@link #TOPIC}, each with its own unique
     * key and one business key, like a producer's; the body array is shared (the store never
     * changes it).
     */
    static MessageDraft[] drafts(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] body = new byte[BODY_BYTES];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) random.nextInt(256);
        }
        HostAddress born = HostAddress.loopback(40_000);
        MessageDraft[] drafts = new MessageDraft[count];
        for (int i = 0; i < count; i++) {
            String properties = "UNIQ_KEY\u0001" + Long.toHexString(random.nextLong()) + "\u0002KEYS\u0001order-" + i;
            drafts[i] = MessageDraft.of(TOPIC, 0, body, properties, 1_700_000_000_000L + i, born);
        }
        return drafts;
    }

    /** Bytes one of {@link #drafts} occupies in the commit log. */
    static int recordBytes(StoreConfig config) {
        MessageDraft draft = drafts(1, 1)[0];
        return RecordCodec.prepare(draft, config.storeHost(), config.maxMessageSizeBytes())
                .size();
    }

    /** Waits, bounded, for {@code future}; a hang fails the benchmark instead of stalling the run. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an append", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("append not acknowledged within " + WAIT_SECONDS + " s", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("append failed", e.getCause());
        }
    }

    /** Waits, bounded, for every future in {@code window}, emptying it. */
    static void drain(ArrayDeque<CompletableFuture<?>> window) {
        while (!window.isEmpty()) {
            await(window.pollFirst());
        }
    }
}
