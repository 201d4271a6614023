package io.sluice.serde.avro;

import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.serde.avro.format.SchemaRef;

/**
 * The record's bytes are not a valid framed Avro body: unknown framing, truncated, corrupt, or
 * followed by trailing bytes.
 *
 * <p>Immutable and thread-safe.
 */
public final class MalformedPayloadException extends AvroRecordException {
    private static final long serialVersionUID = 1L;

    /** See {@link AvroRecordException#AvroRecordException}. */
    public MalformedPayloadException(
            String problem, MessageCoordinates coordinates, SchemaRef schemaRef, Throwable cause) {
        super(problem, coordinates, schemaRef, cause);
    }
}
