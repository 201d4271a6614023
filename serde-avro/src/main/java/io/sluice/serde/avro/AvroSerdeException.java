package io.sluice.serde.avro;

/**
 * Base of every error this module throws. Subclasses tell a bad record ({@link
 * AvroRecordException}: route it to a dead-letter topic) from a bad configuration or registry
 * ({@code IncompatibleSchemaException}, {@code SchemaRegistryException}: stop and fix).
 *
 * <p>Immutable and thread-safe.
 */
public class AvroSerdeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a complete, human-readable message. */
    public AvroSerdeException(String message) {
        super(message);
    }

    /** An error with a complete, human-readable message and the exception that caused it. */
    public AvroSerdeException(String message, Throwable cause) {
        super(message, cause);
    }
}
