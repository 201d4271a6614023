package io.sluice.serde.avro.registry;

import io.sluice.serde.avro.AvroSerdeException;

/**
 * A registry store failed: an I/O error, an unreadable or misnamed schema file, or registry
 * contents that contradict each other (one id for two schemas).
 *
 * <p>Immutable and thread-safe.
 */
public final class SchemaRegistryException extends AvroSerdeException {
    private static final long serialVersionUID = 1L;

    /** A failure with a message naming the store, file or subject. */
    public SchemaRegistryException(String message) {
        super(message);
    }

    /** A failure with a message naming the store, file or subject, and its cause. */
    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
