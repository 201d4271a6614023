package io.sluice.mq.protocol.message;

import io.sluice.mq.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * zlib compression of message bodies, what the official clients do above 4 KiB (sysFlag
 * {@code COMPRESSED | ZLIB} = 769). LZ4 and ZSTD (5.x opt-in) are not supported. Thread-safe
 * (stateless).
 */
public final class BodyCompression {

    /** The official clients compress bodies larger than this. */
    public static final int DEFAULT_THRESHOLD_BYTES = 4096;

    private static final int LEVEL = 5;

    private BodyCompression() {}

    /** The zlib stream of {@code body}. */
    public static byte[] compress(byte[] body) {
        Deflater deflater = new Deflater(LEVEL);
        try {
            deflater.setInput(body);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 2));
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * Inflates a body whose sysFlag has {@link MessageSysFlag#COMPRESSED}; refuses other algorithms
     * and output larger than {@code maxBytes}.
     */
    public static byte[] decompress(byte[] body, int sysFlag, int maxBytes) {
        int algorithm = sysFlag & MessageSysFlag.COMPRESSION_MASK;
        if (algorithm != 0 && algorithm != MessageSysFlag.COMPRESSION_ZLIB) {
            throw new ProtocolException("unsupported body compression 0x" + Integer.toHexString(algorithm));
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 2);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int produced = inflater.inflate(chunk);
                if (produced == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ProtocolException("compressed body is truncated");
                }
                if (out.size() + produced > maxBytes) {
                    throw new ProtocolException("compressed body inflates beyond " + maxBytes + " bytes");
                }
                out.write(chunk, 0, produced);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new ProtocolException("compressed body is not a zlib stream", e);
        } finally {
            inflater.end();
        }
    }
}
