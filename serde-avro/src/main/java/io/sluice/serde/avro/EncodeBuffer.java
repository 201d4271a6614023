package io.sluice.serde.avro;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;

/**
 * A reusable encoding workspace: a growable byte buffer and an Avro {@link BinaryEncoder} bound to
 * it once. Writing the header straight into the buffer before the body avoids a separate header
 * array and a concatenation copy; the only per-record allocation is the returned array.
 *
 * <p>Not thread-safe: taken from an {@link ObjectPool} by one thread at a time. After a failed
 * {@link #encode} the encoder may hold stale bytes, so the caller drops the instance instead of
 * returning it to the pool.
 */
final class EncodeBuffer extends OutputStream {

    private static final int INITIAL_CAPACITY = 256;
    /** Buffers grown past this by a huge record are not kept for the next one. */
    private static final int MAX_RETAINED_CAPACITY = 1 << 20;

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int count;
    private final BinaryEncoder encoder;

    EncodeBuffer(EncoderFactory factory) {
        this.encoder = factory.binaryEncoder(this, null);
    }

    /** Encodes {@code header} followed by {@code value}'s Avro binary form, into a new array. */
    <T> byte[] encode(byte[] header, DatumWriter<T> writer, T value) throws IOException {
        count = 0;
        write(header, 0, header.length);
        writer.write(value, encoder);
        encoder.flush();
        return Arrays.copyOf(buf, count);
    }

    /** Whether this buffer is small enough to keep in the pool. */
    boolean reusable() {
        return buf.length <= MAX_RETAINED_CAPACITY;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void ensure(int extra) {
        int needed = count + extra;
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
    }
}
