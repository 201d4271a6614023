package io.sluice.serde.avro;

import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.serde.avro.format.SchemaRef;

/**
 * The record names a fingerprint or schema id that the registry does not know, or a serializer
 * that may not register found no registered schema for its value.
 *
 * <p>Immutable and thread-safe.
 */
public final class UnknownSchemaException extends AvroRecordException {
    private static final long serialVersionUID = 1L;

    /** See {@link AvroRecordException#AvroRecordException}. */
    public UnknownSchemaException(String problem, MessageCoordinates coordinates, SchemaRef schemaRef) {
        super(problem, coordinates, schemaRef, null);
    }
}
