package io.sluice.mq.store;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.store.io.FileStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link StoreKillIT}: opens a SYNC_FLUSH store with 1 MiB segments and
 * appends deterministic messages from several threads until it is killed, it reaches its bounds
 * (acks and seconds), or its stdin closes (the parent died).
 *
 * <p>Protocol on stdout, one line each, flushed at once:
 *
 * <pre>
 * READY &lt;firstSeq&gt;                                       store opened and started
 * ACK &lt;seq&gt; &lt;queueId&gt; &lt;queueOffset&gt; &lt;logPosition&gt; .   append acknowledged (fsync done)
 * ERROR &lt;text&gt;                                           an append failed; the child exits 2
 * DONE &lt;acks&gt;                                            bounds reached, store closed cleanly
 * </pre>
 *
 * The trailing {@code .} of an ACK line lets the parent reject a line cut short by the kill.
 *
 * <p>Message {@code seq} is a pure function of (seed, seq): {@link #draft}. Arguments: {@code dir
 * seed firstSeq threads maxAcks maxSeconds checkpointIntervalMs}.
 */
public final class KillTestAppender {

    static final String TOPIC = "kill-test";
    static final int QUEUES = 2;
    static final int SEGMENT_BYTES = 1 << 20;
    static final int MAX_BODY_BYTES = 8 * 1024;
    private static final long APPEND_TIMEOUT_SECONDS = 20;

    private KillTestAppender() {}

    /** The store configuration both the child and the verifying parent use. */
    static StoreConfig config(Path dir, Duration checkpointInterval) {
        return StoreConfig.builder(dir)
                .segmentSizeBytes(SEGMENT_BYTES)
                .maxMessageSizeBytes(MAX_BODY_BYTES)
                .flushMode(FlushMode.SYNC_FLUSH)
                .consumeQueueFileEntries(1000)
                .indexHashSlots(512)
                .indexMaxEntries(4000)
                .writeBufferBytes(1 << 20)
                .dispatchCheckpointInterval(checkpointInterval)
                .build();
    }

    /** Queue of message {@code seq}. */
    static int queueId(long seq) {
        return (int) (seq % QUEUES);
    }

    /** Body of message {@code seq}: 64 to 4159 pseudo-random bytes determined by (seed, seq). */
    static byte[] body(long seed, long seq) {
        SplittableRandom random = new SplittableRandom(seed ^ (seq * 0x9E3779B97F4A7C15L));
        byte[] body = new byte[64 + random.nextInt(4096)];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) random.nextInt(256);
        }
        return body;
    }

    /** Properties of message {@code seq}: a unique key, two business keys and the sequence number. */
    static String properties(long seed, long seq) {
        return "UNIQ_KEY\u0001U" + Long.toHexString(seed) + "-" + seq + "\u0002KEYS\u0001k" + seq + " s" + (seq % 7)
                + "\u0002SEQ\u0001" + seq;
    }

    static long bornTimestampMs(long seq) {
        return 1_700_000_000_000L + seq;
    }

    static HostAddress bornHost(long seq) {
        return HostAddress.loopback(1024 + (int) (seq % 1000));
    }

    /** The message with sequence number {@code seq}. */
    static MessageDraft draft(long seed, long seq) {
        return MessageDraft.of(
                TOPIC, queueId(seq), body(seed, seq), properties(seed, seq), bornTimestampMs(seq), bornHost(seq));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        long seed = Long.parseLong(args[1]);
        long firstSeq = Long.parseLong(args[2]);
        int threads = Integer.parseInt(args[3]);
        long maxAcks = Long.parseLong(args[4]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[5]));
        Duration checkpointInterval = Duration.ofMillis(Long.parseLong(args[6]));

        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        AtomicBoolean stop = new AtomicBoolean();
        watchStdin(stop);
        FileMessageStore store =
                FileMessageStore.open(config(dir, checkpointInterval), new FileStorage(), new SystemClock());
        store.start(Thread::new);
        emit(out, "READY " + firstSeq);

        AtomicLong nextSeq = new AtomicLong(firstSeq);
        AtomicLong acks = new AtomicLong();
        List<Thread> appenders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(
                    () -> appendLoop(store, seed, nextSeq, acks, new Bounds(maxAcks, deadline, stop), out),
                    "kill-test-appender-" + t);
            appenders.add(thread);
            thread.start();
        }
        for (Thread thread : appenders) {
            thread.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())) + 30_000);
        }
        store.close();
        emit(out, "DONE " + acks.get());
        out.flush();
    }

    private record Bounds(long maxAcks, long deadlineNanos, AtomicBoolean stop) {
        boolean reached(long acks) {
            return acks >= maxAcks || System.nanoTime() - deadlineNanos >= 0 || stop.get();
        }
    }

    private static void appendLoop(
            FileMessageStore store, long seed, AtomicLong nextSeq, AtomicLong acks, Bounds bounds, PrintStream out) {
        while (!bounds.reached(acks.get())) {
            long seq = nextSeq.getAndIncrement();
            AppendResult result;
            try {
                result = store.append(draft(seed, seq)).get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                emit(out, "ERROR append of seq " + seq + " failed: " + e);
                Runtime.getRuntime().halt(2);
                return;
            }
            emit(
                    out,
                    "ACK " + seq + " " + queueId(seq) + " " + result.queueOffset() + " " + result.logPosition() + " .");
            acks.incrementAndGet();
        }
    }

    private static void emit(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** Stops the appenders when stdin reaches end of file, i.e. when the parent process is gone. */
    private static void watchStdin(AtomicBoolean stop) {
        Thread watcher = new Thread(
                () -> {
                    InputStream in = System.in;
                    byte[] sink = new byte[256];
                    try {
                        while (in.read(sink) >= 0) {
                            // Discard; only end of file matters.
                        }
                    } catch (IOException e) {
                        // Treat a broken stdin like end of file.
                    }
                    stop.set(true);
                },
                "kill-test-stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
