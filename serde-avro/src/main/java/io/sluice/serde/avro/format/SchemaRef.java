package io.sluice.serde.avro.format;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The schema identity a framed body carries: a 64-bit fingerprint ({@link
 * WireFormat#SINGLE_OBJECT}) or a 32-bit registry id ({@link WireFormat#CONFLUENT}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param format which framing the identity belongs to
 * @param value the fingerprint, or the id widened to a long
 */
public record SchemaRef(WireFormat format, long value) {

    /** A fingerprint reference. */
    public static SchemaRef fingerprint(long fingerprint) {
        return new SchemaRef(WireFormat.SINGLE_OBJECT, fingerprint);
    }

    /** A registry-id reference. */
    public static SchemaRef schemaId(int id) {
        return new SchemaRef(WireFormat.CONFLUENT, id);
    }

    /**
     * The CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form, as single-object encoding
     * defines it. Costs a canonical-form rendering: callers cache the result per schema.
     */
    public static long fingerprintOf(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The value as written into the format's message property. */
    public String propertyValue() {
        return format == WireFormat.SINGLE_OBJECT ? hex(value) : Long.toString(value);
    }

    @Override
    public String toString() {
        return format == WireFormat.SINGLE_OBJECT ? "fingerprint 0x" + hex(value) : "schema id " + value;
    }

    private static String hex(long v) {
        return String.format(Locale.ROOT, "%016x", v);
    }
}
