package io.sluice.mq.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
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
 * Question: what sequential write bandwidth does this machine's disk give a plain {@link
 * FileChannel} in the directory the store benchmarks use, so the store's MiB/s can be stated as a
 * fraction of it (same machine, same session)?
 *
 * <p>One operation writes one MiB from a direct buffer; one invocation writes a new {@value
 * #CHUNKS} MiB file sequentially and forces it once at the end, so the score (ops/s) is MiB/s
 * including the cost of making the data durable. Files live under {@code
 * mq-core/target/bench-stores/}.
 *
 * <p>{@code files=RETAIN} keeps every file until the end of the trial, as a commit log keeps its
 * segments: this is the bandwidth the store can sustain. {@code files=DELETE} deletes each file
 * after its invocation (outside the measurement), so the page-cache pages are freed and reused
 * warm by the next file; on a VM whose free memory is returned to the host this is much faster
 * than RETAIN and is not a bound a log can reach, but it is what a naive "write a file, delete
 * it" disk test reports.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@OperationsPerInvocation(DiskBaselineBenchmark.CHUNKS)
public class DiskBaselineBenchmark {

    static final int CHUNKS = 256;
    private static final int CHUNK_BYTES = 1 << 20;

    /** Whether written files stay until the end of the trial, as a log's segments do. */
    public enum Retention {
        RETAIN,
        DELETE
    }

    @Param({"RETAIN", "DELETE"})
    Retention files;

    private Path dir;
    private ByteBuffer chunk;
    private Path file;
    private int written;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        dir = BenchSupport.newStoreDir("disk-");
        chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
        SplittableRandom random = new SplittableRandom(46);
        while (chunk.hasRemaining()) {
            chunk.putLong(random.nextLong());
        }
    }

    @Setup(Level.Invocation)
    public void nextFile() {
        file = dir.resolve("sequential-" + written++);
    }

    @Benchmark
    public long writeSequentialThenForce() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < CHUNKS; i++) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
            channel.force(false);
            return channel.size();
        }
    }

    @TearDown(Level.Invocation)
    public void deleteFile() throws IOException {
        if (files == Retention.DELETE) {
            Files.deleteIfExists(file);
        }
    }

    @TearDown(Level.Trial)
    public void deleteDir() throws IOException {
        BenchSupport.deleteRecursively(dir);
    }
}
