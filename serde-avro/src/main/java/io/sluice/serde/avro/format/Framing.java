package io.sluice.serde.avro.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Reads and writes the framing headers of {@link WireFormat}.
 *
 * <p>Detection rule: a body whose first two bytes are {@code C3 01} and that has at least 10 bytes
 * is single-object encoded; a body whose first byte is {@code 00} and that has at least 5 bytes is
 * Confluent framed; anything else is not a framed Avro body. The two markers cannot be confused
 * because their first bytes differ.
 *
 * <p>Stateless and thread-safe.
 */
public final class Framing {

    /** First byte of the single-object marker. */
    public static final byte SINGLE_OBJECT_MARKER_0 = (byte) 0xC3;

    /** Second byte of the single-object marker (the format version). */
    public static final byte SINGLE_OBJECT_MARKER_1 = (byte) 0x01;

    /** Confluent's magic byte for id-prefixed bodies. */
    public static final byte CONFLUENT_MAGIC = 0x00;

    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Framing() {}

    /**
     * The framing of {@code body}, or {@code null} if it has neither header (or is shorter than
     * the header it starts like). Allocates nothing.
     */
    public static WireFormat detect(byte[] body) {
        if (body.length >= WireFormat.SINGLE_OBJECT.headerLength()
                && body[0] == SINGLE_OBJECT_MARKER_0
                && body[1] == SINGLE_OBJECT_MARKER_1) {
            return WireFormat.SINGLE_OBJECT;
        }
        if (body.length >= WireFormat.CONFLUENT.headerLength() && body[0] == CONFLUENT_MAGIC) {
            return WireFormat.CONFLUENT;
        }
        return null;
    }

    /** The little-endian fingerprint at bytes 2..9 of a single-object body. */
    public static long readFingerprint(byte[] body) {
        return (long) LITTLE_ENDIAN_LONG.get(body, 2);
    }

    /** The big-endian schema id at bytes 1..4 of a Confluent-framed body. */
    public static int readSchemaId(byte[] body) {
        return (int) BIG_ENDIAN_INT.get(body, 1);
    }

    /** The header bytes for {@code ref}: 10 bytes for a fingerprint, 5 for a schema id. */
    public static byte[] header(SchemaRef ref) {
        byte[] header = new byte[ref.format().headerLength()];
        if (ref.format() == WireFormat.SINGLE_OBJECT) {
            header[0] = SINGLE_OBJECT_MARKER_0;
            header[1] = SINGLE_OBJECT_MARKER_1;
            long v = ref.value();
            for (int i = 2; i < 10; i++) {
                header[i] = (byte) v;
                v >>>= 8;
            }
        } else {
            int id = (int) ref.value();
            header[0] = CONFLUENT_MAGIC;
            header[1] = (byte) (id >>> 24);
            header[2] = (byte) (id >>> 16);
            header[3] = (byte) (id >>> 8);
            header[4] = (byte) id;
        }
        return header;
    }

    /**
     * Why {@code body} was not recognised, for error messages: its length and first bytes in hex,
     * and which header it resembles if it is merely too short.
     */
    public static String describeUnrecognised(byte[] body) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(body.length, 12); i++) {
            hex.append(String.format(Locale.ROOT, "%02X ", body[i]));
        }
        String start =
                body.length == 0 ? "is empty" : "starts with " + hex.toString().trim();
        String hint;
        if (body.length >= 2 && body[0] == SINGLE_OBJECT_MARKER_0 && body[1] == SINGLE_OBJECT_MARKER_1) {
            hint = "; it starts like single-object encoding but is shorter than its 10-byte header";
        } else if (body.length >= 1 && body[0] == CONFLUENT_MAGIC) {
            hint = "; it starts like Confluent framing but is shorter than its 5-byte header";
        } else {
            hint = "; expected C3 01 + 8-byte fingerprint (single-object) or 00 + 4-byte id (Confluent)";
        }
        return "body of " + body.length + " bytes " + start + hint;
    }
}
