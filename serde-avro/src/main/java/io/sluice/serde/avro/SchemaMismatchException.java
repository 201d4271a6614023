package io.sluice.serde.avro;

import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.serde.avro.format.SchemaRef;

/**
 * The record's writer schema cannot be resolved to the reader's schema, or a value being
 * serialized does not match its schema. The message lists what does not match, by field path.
 *
 * <p>Immutable and thread-safe.
 */
public final class SchemaMismatchException extends AvroRecordException {
    private static final long serialVersionUID = 1L;

    /** See {@link AvroRecordException#AvroRecordException}. */
    public SchemaMismatchException(
            String problem, MessageCoordinates coordinates, SchemaRef schemaRef, Throwable cause) {
        super(problem, coordinates, schemaRef, cause);
    }
}
