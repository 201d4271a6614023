package io.sluice.mq.bench;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.store.MessageDraft;
import io.sluice.mq.store.log.PreparedRecord;
import io.sluice.mq.store.log.RecordCodec;
import java.nio.ByteBuffer;
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

/**
 * Question: what do the codec's CPU steps cost per 1 KiB record, and so how many records per second
 * could one core encode or validate? {@code prepare} runs on the producer's thread (body CRC32,
 * UTF-8 of topic and properties); {@code prepare} + {@code encode} into a reused direct buffer is
 * the per-record work of producer plus writer (the writer adds the record CRC32C); {@code check}
 * is what every read and every dispatched record pays (size, magic, position, record CRC32C,
 * layout, body CRC32), here on a heap buffer as the readers use.
 *
 * <p>Scores are records per second on one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RecordCodecBenchmark {

    private static final long LOG_POSITION = 4096L;
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private MessageDraft draft;
    private HostAddress storeHost;
    private ByteBuffer out;
    private ByteBuffer encoded;
    private long queueOffset;

    @Setup(Level.Trial)
    public void encodeOne() {
        draft = BenchSupport.drafts(1, 45)[0];
        storeHost = HostAddress.loopback(10911);
        out = ByteBuffer.allocateDirect(64 * 1024);
        PreparedRecord record = RecordCodec.prepare(draft, storeHost, MAX_BODY);
        encoded = ByteBuffer.allocate(record.size());
        RecordCodec.encode(record, 7, LOG_POSITION, 1_700_000_000_000L, encoded);
        encoded.flip();
        RecordCodec.check(encoded, LOG_POSITION, "bench", 0);
    }

    @Benchmark
    public PreparedRecord prepare() {
        return RecordCodec.prepare(draft, storeHost, MAX_BODY);
    }

    @Benchmark
    public int prepareAndEncode() {
        out.clear();
        PreparedRecord record = RecordCodec.prepare(draft, storeHost, MAX_BODY);
        RecordCodec.encode(record, queueOffset++, LOG_POSITION, 1_700_000_000_000L, out);
        return out.position();
    }

    @Benchmark
    public ByteBuffer check() {
        RecordCodec.check(encoded, LOG_POSITION, "bench", 0);
        return encoded;
    }
}
