package io.sluice.serde.avro.format;

/**
 * How a serialized body names its writer schema. A writer picks one explicitly; a reader detects it
 * from the bytes ({@link Framing#detect(byte[])}).
 *
 * <p>Immutable and thread-safe.
 */
public enum WireFormat {
    /**
     * Avro single-object encoding: {@code C3 01}, then the 8-byte little-endian CRC-64-AVRO
     * fingerprint of the schema's Parsing Canonical Form, then the Avro binary body. The default:
     * the identity is derived from the schema itself, so it means the same in every registry.
     */
    SINGLE_OBJECT(10, WireFormat.FINGERPRINT_PROPERTY),

    /**
     * Confluent framing: magic byte {@code 00}, then the 4-byte big-endian registry schema id, then
     * the Avro binary body. For interoperability with Confluent-framed data.
     */
    CONFLUENT(5, WireFormat.SCHEMA_ID_PROPERTY);

    /**
     * Message property that carries the writer schema's fingerprint as 16 lowercase hex digits
     * (the fingerprint read as an unsigned 64-bit number, most significant digit first).
     */
    public static final String FINGERPRINT_PROPERTY = "sluice.avro.fingerprint";

    /** Message property that carries the writer schema's registry id in decimal. */
    public static final String SCHEMA_ID_PROPERTY = "sluice.avro.schema.id";

    private final int headerLength;
    private final String propertyName;

    WireFormat(int headerLength, String propertyName) {
        this.headerLength = headerLength;
        this.propertyName = propertyName;
    }

    /** Number of bytes before the Avro binary body. */
    public int headerLength() {
        return headerLength;
    }

    /** Name of the message property that repeats the header's schema identity. */
    public String propertyName() {
        return propertyName;
    }
}
