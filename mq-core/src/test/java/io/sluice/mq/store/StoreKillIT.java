package io.sluice.mq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.store.io.FileStorage;
import io.sluice.mq.store.log.RecordCodec;
import io.sluice.mq.store.log.RecordScanner;
import io.sluice.mq.store.log.SegmentSet;
import io.sluice.mq.store.log.StoredRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real-disk crash test (STYLE.md 2.11, item 6): a child JVM ({@link KillTestAppender}) appends in
 * SYNC_FLUSH from several threads and reports each acknowledged append on stdout; the test kills
 * it with SIGKILL ({@link Process#destroyForcibly()}) after a random number of acks, reopens the
 * store in this JVM and checks that
 *
 * <ul>
 *   <li>every acknowledged message is at the queue offset and log position it was acknowledged
 *       with, byte for byte (body, properties, born timestamp and host);
 *   <li>each queue's offsets are dense from 0, and every stored record is a message the child
 *       wrote, stored once;
 *   <li>everything a previous recovery showed is still there, unchanged (a prefix);
 *   <li>a full scan of the commit log ({@link RecordScanner#readAll}) validates to the end and
 *       agrees with the queues.
 * </ul>
 *
 * It repeats kill and restart on the same directory, the child continuing the sequence. A second
 * case overwrites the tail of the last segment with seeded garbage (a torn write) before reopening
 * and checks the store recovers to exactly the last intact record, then keeps appending.
 *
 * <p>Randomized: prints its seed; replay with {@code -Dmq.test.seed=<seed>}.
 */
@Tag("slow")
class StoreKillIT {

    private static final long TOTAL_SECONDS = 90;
    private static final int ROUNDS = 4;
    private static final int THREADS = 4;
    private static final int CHILD_MAX_SECONDS = 60;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(200);
    private static final Duration NO_CHECKPOINT = Duration.ofHours(1);
    private static final String EOF = "\u0000EOF";

    /** An append the child reported as acknowledged. */
    record Ack(long seq, int queueId, long queueOffset, long logPosition) {
        Location location() {
            return new Location(queueId, queueOffset, logPosition);
        }
    }

    /** Where a message is stored. */
    record Location(int queueId, long queueOffset, long logPosition) {}

    /** What one kill left behind. */
    record KillOutcome(List<Ack> acks, int exitCode) {}

    private final long seed =
            Long.getLong("mq.test.seed", ThreadLocalRandom.current().nextLong());

    @Test
    @Timeout(value = 2 * TOTAL_SECONDS, unit = TimeUnit.SECONDS)
    void killedAppenderLosesNoAcknowledgedMessageAcrossRestarts() throws Exception {
        System.out.printf("StoreKillIT kill/restart seed=%d (replay with -Dmq.test.seed=%d)%n", seed, seed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TOTAL_SECONDS);
        SplittableRandom random = new SplittableRandom(seed);
        Path dir = newDir("kill-restart");
        try {
            List<Ack> allAcks = new ArrayList<>();
            Map<Long, Location> previous = Map.of();
            long nextSeq = 0;
            for (int round = 0; round < ROUNDS; round++) {
                int killAfter = 100 + random.nextInt(1400);
                KillOutcome outcome = runAndKill(dir, nextSeq, killAfter, CHECKPOINT_INTERVAL, round, deadline);
                System.out.printf(
                        "round %d: started at seq %d, killed after %d acks (%d reported), exit code %d%n",
                        round, nextSeq, killAfter, outcome.acks().size(), outcome.exitCode());
                allAcks.addAll(outcome.acks());
                // Alternate how the verifier leaves the store, so the child's next open is
                // sometimes clean and sometimes a second recovery of the same files.
                boolean closeCleanly = round % 2 == 1;
                Map<Long, Location> stored = verify(dir, allAcks, previous, closeCleanly, "round " + round);
                previous = stored;
                nextSeq = Math.max(maxSeq(stored), maxAckedSeq(allAcks)) + 1;
            }
            Map<Long, Location> again = verify(dir, allAcks, previous, true, "second recovery");
            assertThat(again).as("recovering twice gives the same state").isEqualTo(previous);
            deleteRecursively(dir);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "failed with seed " + seed + " (replay with -Dmq.test.seed=" + seed + "), files kept in " + dir
                            + ": " + e.getMessage(),
                    e);
        }
    }

    @Test
    @Timeout(value = 2 * TOTAL_SECONDS, unit = TimeUnit.SECONDS)
    void garbageOverTheTailIsTruncatedToTheLastIntactRecord() throws Exception {
        System.out.printf("StoreKillIT garbage-tail seed=%d (replay with -Dmq.test.seed=%d)%n", seed, seed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TOTAL_SECONDS);
        SplittableRandom random = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
        Path dir = newDir("garbage-tail");
        try {
            // No dispatch checkpoint while the child runs, so recovery validates the whole log:
            // the garbage stands for bytes a crash may tear (never fsynced), not for corruption of
            // bytes a checkpoint already vouched for.
            KillOutcome first = runAndKill(dir, 0, 200 + random.nextInt(1300), NO_CHECKPOINT, 0, deadline);
            StoreConfig config = KillTestAppender.config(dir, CHECKPOINT_INTERVAL);
            List<StoredRecord> before = scanAll(dir, config);
            long cut = overwriteTail(dir, random);
            System.out.printf(
                    "killed after %d acks (exit %d); %d records before corruption; first changed byte at log position %d%n",
                    first.acks().size(), first.exitCode(), before.size(), cut);

            Map<Long, StoredRecord> bySeq = new HashMap<>();
            for (StoredRecord record : before) {
                bySeq.put(seqOf(record), record);
            }
            List<Ack> survivingAcks = new ArrayList<>();
            Map<Long, Location> intact = new HashMap<>();
            long intactEnd = 0;
            for (StoredRecord record : before) {
                if (record.logPosition() + record.size() <= cut) {
                    intact.put(
                            seqOf(record), new Location(record.queueId(), record.queueOffset(), record.logPosition()));
                    intactEnd = record.logPosition() + record.size();
                }
            }
            for (Ack ack : first.acks()) {
                StoredRecord record = bySeq.get(ack.seq());
                assertThat(record)
                        .as("acknowledged %s is on disk after the kill", ack)
                        .isNotNull();
                assertThat(record.logPosition()).isEqualTo(ack.logPosition());
                if (intact.containsKey(ack.seq())) {
                    survivingAcks.add(ack);
                }
            }

            Map<Long, Location> recovered = verify(dir, survivingAcks, intact, false, "after garbage");
            assertThat(recovered).as("exactly the intact records survive").isEqualTo(intact);
            assertThat(activeSegmentEnd(dir))
                    .as("the last segment is cut at the end of the last intact record")
                    .isEqualTo(Math.max(intactEnd, segmentStartOf(cut)));

            // The store keeps working after the repair: append more, kill again, check again.
            long nextSeq = Math.max(maxSeq(recovered), maxAckedSeq(first.acks())) + 1;
            KillOutcome second = runAndKill(dir, nextSeq, 100 + random.nextInt(500), CHECKPOINT_INTERVAL, 1, deadline);
            List<Ack> acks = new ArrayList<>(survivingAcks);
            acks.addAll(second.acks());
            verify(dir, acks, recovered, true, "after appending past the repaired tail");
            deleteRecursively(dir);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "failed with seed " + seed + " (replay with -Dmq.test.seed=" + seed + "), files kept in " + dir
                            + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * A crash between {@code LogAppender.seal()} (end marker written and forced) and {@code
     * SegmentSet.roll()} leaves a sealed last segment and no successor. Recovery handles that (the
     * log ends at the next segment's base), but after a clean close the next open trusts {@code
     * base + file size} ({@code StoreOpener.endOfFiles}), which lies just past the end marker
     * inside the sealed segment. Appends then land behind the marker, where no scan looks: they
     * are acknowledged, the dispatcher's checkpoint throws ("flushed position is behind the
     * dispatched position"), the store fail-stops, and the acknowledged message is gone after a
     * restart. {@link #killedAppenderLosesNoAcknowledgedMessageAcrossRestarts} hits this when a
     * kill lands in that window. Deterministic reproducer of a bug fixed in StoreOpener.
     */
    @Test
    @Timeout(value = TOTAL_SECONDS, unit = TimeUnit.SECONDS)
    void cleanOpenAfterCrashBetweenSealAndRollKeepsAcknowledgedAppends() throws Exception {
        Path dir = newDir("seal-without-roll");
        StoreConfig config = KillTestAppender.config(dir, CHECKPOINT_INTERVAL);
        // Drive the store by hand (no threads): fill the first segment to within 8000 bytes of its
        // end, then append one 8 KiB message, which does not fit: the writer seals the segment
        // (end marker covering 3.6-8 KB) and rolls. That last append is never flushed or
        // dispatched, and the crash comes before roll() created the second segment.
        FileMessageStore writing = FileMessageStore.open(config, new FileStorage(), new SystemClock());
        long seq = 0;
        for (; seq < 10_000 && KillTestAppender.SEGMENT_BYTES - writing.writtenPosition() >= 8000; seq++) {
            writing.append(KillTestAppender.draft(seed, seq));
            writing.stepWriter();
            writing.stepFlusher();
            writing.stepDispatcher();
        }
        writing.append(MessageDraft.of(
                KillTestAppender.TOPIC, 0, new byte[KillTestAppender.MAX_BODY_BYTES], "", 1L, bornHost()));
        writing.stepWriter();
        assertThat(segmentCount(dir)).as("the 8 KiB append rolled the log").isEqualTo(2);
        writing.abandon();
        Files.delete(lastSegment(dir));

        FileMessageStore recovered = FileMessageStore.open(config, new FileStorage(), new SystemClock());
        assertThat(recovered.writtenPosition())
                .as("recovery ends the log at the next segment's base")
                .isEqualTo((long) KillTestAppender.SEGMENT_BYTES);
        recovered.close();

        // Clean open, then one small SYNC_FLUSH append that would fit behind the end marker.
        FileMessageStore store = FileMessageStore.open(config, new FileStorage(), new SystemClock());
        store.start(Thread::new);
        AppendResult acked;
        IllegalStateException closeFailure = null;
        try {
            acked = store.append(MessageDraft.of(
                            KillTestAppender.TOPIC, 0, new byte[16], "UNIQ_KEY\u0001after", 2L, bornHost()))
                    .get(10, TimeUnit.SECONDS);
        } finally {
            try {
                store.close();
            } catch (IllegalStateException e) {
                closeFailure = e;
            }
        }
        FileMessageStore reopened = FileMessageStore.open(config, new FileStorage(), new SystemClock());
        try {
            GetResult read = reopened.getMessages(KillTestAppender.TOPIC, 0, acked.queueOffset(), 1, 1 << 20, null);
            assertThat(read.status())
                    .as("acknowledged append %s survives a restart", acked)
                    .isEqualTo(GetStatus.FOUND);
            assertThat(acked.logPosition())
                    .as("the append went to a new segment, not behind the end marker")
                    .isEqualTo((long) KillTestAppender.SEGMENT_BYTES);
            assertThat(closeFailure).as("clean close after the append").isNull();
        } finally {
            reopened.close();
        }
        deleteRecursively(dir);
    }

    private static io.sluice.mq.common.HostAddress bornHost() {
        return io.sluice.mq.common.HostAddress.loopback(9876);
    }

    private static long segmentCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("commitlog"))) {
            return files.count();
        }
    }

    // ---- The child process.

    private KillOutcome runAndKill(
            Path dir, long firstSeq, int killAfter, Duration checkpointInterval, int round, long deadline)
            throws IOException, InterruptedException {
        Path stderr = dir.resolveSibling(dir.getFileName() + "-child-" + round + ".stderr");
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java")
                        .toString());
        List<String> command = List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                KillTestAppender.class.getName(),
                dir.toString(),
                Long.toString(seed),
                Long.toString(firstSeq),
                Integer.toString(THREADS),
                Long.toString(killAfter + 1_000_000L),
                Integer.toString(CHILD_MAX_SECONDS),
                Long.toString(checkpointInterval.toMillis()));
        Process child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                .start();
        try {
            ChildOutput output = new ChildOutput(child);
            List<Ack> acks = new ArrayList<>();
            while (acks.size() < killAfter) {
                String line = output.next(deadline);
                if (line == null || line.equals(EOF)) {
                    fail(
                            "child stopped before %d acks (had %d, %s); stderr: %s",
                            killAfter, acks.size(), line == null ? "timed out" : "exited", tail(stderr));
                }
                handle(line, acks, stderr);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(remainingNanos(deadline), TimeUnit.NANOSECONDS))
                    .as("killed child exits")
                    .isTrue();
            // Lines the child printed before it died are acks too; the pipe still holds them.
            for (int i = 0; i < 1_000_000; i++) {
                String line = output.next(deadline);
                assertThat(line).as("child stdout reaches end of file").isNotNull();
                if (line.equals(EOF)) {
                    break;
                }
                handle(line, acks, stderr);
            }
            assertThat(child.exitValue()).as("child was killed, not finished").isNotZero();
            return new KillOutcome(acks, child.exitValue());
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void handle(String line, List<Ack> acks, Path stderr) throws IOException {
        if (line.startsWith("ACK ")) {
            String[] parts = line.split(" ");
            if (parts.length == 6 && parts[5].equals(".")) {
                acks.add(new Ack(
                        Long.parseLong(parts[1]),
                        Integer.parseInt(parts[2]),
                        Long.parseLong(parts[3]),
                        Long.parseLong(parts[4])));
                return;
            }
            fail("malformed ack line '%s'", line);
        }
        if (line.startsWith("ERROR")) {
            fail("child reported %s; stderr: %s", line, tail(stderr));
        }
        if (!line.startsWith("READY")) {
            System.out.println("child: " + line);
        }
    }

    /** Complete lines of a child's stdout; a line cut short by the kill is dropped. */
    private static final class ChildOutput {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        ChildOutput(Process process) {
            Thread reader = new Thread(() -> pump(process.getInputStream()), "kill-it-stdout-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void pump(InputStream in) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines.add(line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else {
                            line.write(buffer[i]);
                        }
                    }
                }
            } catch (IOException e) {
                // The pipe broke with the process: treat as end of file.
            } finally {
                lines.add(EOF);
            }
        }

        /** The next complete line, {@link #EOF}, or null if the deadline passed first. */
        String next(long deadline) throws InterruptedException {
            return lines.poll(remainingNanos(deadline), TimeUnit.NANOSECONDS);
        }
    }

    // ---- Verification.

    /**
     * Opens the store (recovering it), checks it against the acks and the previous round, and
     * leaves it closed cleanly or abandoned like a crash. Then scans the whole commit log.
     *
     * @return where each stored message (by sequence number) is
     */
    private Map<Long, Location> verify(
            Path dir, List<Ack> acks, Map<Long, Location> previous, boolean closeCleanly, String when)
            throws IOException {
        StoreConfig config = KillTestAppender.config(dir, CHECKPOINT_INTERVAL);
        Map<Long, Location> stored = new HashMap<>();
        FileMessageStore store = FileMessageStore.open(config, new FileStorage(), new SystemClock());
        try {
            for (int queueId = 0; queueId < KillTestAppender.QUEUES; queueId++) {
                readQueue(store, queueId, stored, when);
            }
        } finally {
            if (closeCleanly) {
                store.close();
            } else {
                store.abandon();
            }
        }
        for (Ack ack : acks) {
            assertThat(stored.get(ack.seq()))
                    .as("%s: acknowledged message %s is stored where it was acknowledged", when, ack)
                    .isEqualTo(ack.location());
        }
        for (Map.Entry<Long, Location> entry : previous.entrySet()) {
            assertThat(stored.get(entry.getKey()))
                    .as("%s: message seq %d seen by the previous recovery is unchanged", when, entry.getKey())
                    .isEqualTo(entry.getValue());
        }
        List<StoredRecord> scanned = scanAll(dir, config);
        assertThat(scanned)
                .as("%s: full scan finds every queued record and no other", when)
                .hasSize(stored.size());
        for (StoredRecord record : scanned) {
            assertThat(stored.get(seqOf(record)))
                    .as("%s: scanned record at %d agrees with its queue", when, record.logPosition())
                    .isEqualTo(new Location(record.queueId(), record.queueOffset(), record.logPosition()));
        }
        System.out.printf("%s: %d messages stored, %d acks checked%n", when, stored.size(), acks.size());
        return stored;
    }

    /** Reads a whole queue, checking density and every record's content. */
    private void readQueue(FileMessageStore store, int queueId, Map<Long, Location> stored, String when)
            throws IOException {
        String topic = KillTestAppender.TOPIC;
        long max = store.maxOffset(topic, queueId);
        assertThat(store.minOffset(topic, queueId))
                .as("%s: queue %d starts at 0", when, queueId)
                .isZero();
        long offset = 0;
        for (long reads = 0; offset < max && reads <= max; reads++) {
            GetResult result = store.getMessages(topic, queueId, offset, 32, 1 << 20, null);
            assertThat(result.status())
                    .as("%s: read of queue %d at %d", when, queueId, offset)
                    .isEqualTo(GetStatus.FOUND);
            for (ByteBuffer bytes : result.messages()) {
                StoredRecord record = new StoredRecord(bytes);
                assertThat(record.queueOffset())
                        .as("%s: queue %d is dense", when, queueId)
                        .isEqualTo(offset);
                long seq = checkContent(record, when);
                assertThat(record.queueId()).isEqualTo(queueId);
                Location previous = stored.put(seq, new Location(queueId, offset, record.logPosition()));
                assertThat(previous).as("%s: seq %d stored once", when, seq).isNull();
                offset++;
            }
            assertThat(result.nextBeginOffset()).isEqualTo(offset);
        }
        assertThat(offset).as("%s: queue %d read to its end", when, queueId).isEqualTo(max);
    }

    /** Checks a record is exactly the message its sequence number names; returns that number. */
    private long checkContent(StoredRecord record, String when) {
        String properties = record.properties();
        long seq = seqOf(record);
        String expected = KillTestAppender.properties(seed, seq)
                + MessageProperties.PROPERTY_SEPARATOR
                + RecordCodec.CRC_PROPERTY
                + MessageProperties.NAME_VALUE_SEPARATOR;
        assertThat(properties).as("%s: properties of seq %d", when, seq).startsWith(expected);
        assertThat(properties.substring(expected.length()))
                .as("%s: record CRC digits of seq %d", when, seq)
                .matches("[0-9]{10}");
        assertThat(record.body())
                .as("%s: body of seq %d", when, seq)
                .isEqualTo(ByteBuffer.wrap(KillTestAppender.body(seed, seq)));
        assertThat(record.topic()).isEqualTo(KillTestAppender.TOPIC);
        assertThat(record.bornTimestampMs()).isEqualTo(KillTestAppender.bornTimestampMs(seq));
        assertThat(record.queueId()).isEqualTo(KillTestAppender.queueId(seq));
        return seq;
    }

    private static long seqOf(StoredRecord record) {
        String seq = MessageProperties.find(record.properties(), "SEQ");
        assertThat(seq)
                .as("record at %d has a SEQ property", record.logPosition())
                .isNotNull();
        return Long.parseLong(seq);
    }

    /** Every record of the commit log, validated; throws if any byte before the end is not a record. */
    private static List<StoredRecord> scanAll(Path dir, StoreConfig config) throws IOException {
        try (SegmentSet segments =
                SegmentSet.open(new FileStorage(), dir.resolve("commitlog"), config.segmentSizeBytes())) {
            List<StoredRecord> records = new ArrayList<>();
            for (ByteBuffer bytes : RecordScanner.readAll(segments, config.maxRecordSizeBytes() + 1024)) {
                records.add(new StoredRecord(bytes));
            }
            return records;
        }
    }

    // ---- Corruption.

    /**
     * Overwrites the last 1 to 12 000 bytes of the newest segment with seeded garbage and appends up
     * to 4 KiB more (a torn write that also grew the file).
     *
     * @return the log position of the first byte that now differs from before
     */
    private static long overwriteTail(Path dir, SplittableRandom random) throws IOException {
        Path last = lastSegment(dir);
        long base = Long.parseLong(last.getFileName().toString());
        try (FileChannel channel = FileChannel.open(last, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            int overwrite = size == 0 ? 0 : 1 + random.nextInt((int) Math.min(size, 12_000));
            int extend = random.nextInt(4097);
            if (overwrite + extend == 0) {
                extend = 1;
            }
            byte[] garbage = new byte[overwrite + extend];
            random.nextBytes(garbage);
            ByteBuffer original = ByteBuffer.allocate(overwrite);
            channel.read(original, size - overwrite);
            long firstChanged = size;
            for (int i = 0; i < overwrite; i++) {
                if (original.get(i) != garbage[i]) {
                    firstChanged = size - overwrite + i;
                    break;
                }
            }
            ByteBuffer out = ByteBuffer.wrap(garbage);
            long at = size - overwrite;
            while (out.hasRemaining()) {
                at += channel.write(out, at);
            }
            channel.force(true);
            System.out.printf(
                    "overwrote the last %d bytes of %s (size %d) and appended %d garbage bytes%n",
                    overwrite, last.getFileName(), size, extend);
            return base + firstChanged;
        }
    }

    private static Path lastSegment(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("commitlog"))) {
            return files.max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    private static long activeSegmentEnd(Path dir) throws IOException {
        Path last = lastSegment(dir);
        return Long.parseLong(last.getFileName().toString()) + Files.size(last);
    }

    private static long segmentStartOf(long logPosition) {
        return logPosition - logPosition % KillTestAppender.SEGMENT_BYTES;
    }

    // ---- Helpers.

    private static long maxSeq(Map<Long, Location> stored) {
        return stored.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    private static long maxAckedSeq(List<Ack> acks) {
        return acks.stream().mapToLong(Ack::seq).max().orElse(-1);
    }

    private static long remainingNanos(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            fail("StoreKillIT ran past its %d s budget", TOTAL_SECONDS);
        }
        return left;
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(none)";
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    }

    private static Path newDir(String name) throws IOException {
        Path target;
        try {
            target = Paths.get(StoreKillIT.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            target = Paths.get("target");
        }
        Path root = target.resolve("kill-it");
        Files.createDirectories(root);
        return Files.createTempDirectory(root, name + "-");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        try (Stream<Path> logs = Files.list(dir.getParent())) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith(dir.getFileName() + "-child-"))
                    .toList()) {
                Files.deleteIfExists(log);
            }
        }
    }
}
