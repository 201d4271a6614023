package io.sluice.serde.avro;

import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.serde.avro.format.SchemaRef;
import java.util.Optional;

/**
 * A failure tied to one record: the message names its topic, queue and offset and, once known, the
 * writer schema's fingerprint or id. Connectors catch this type to send the record to a dead-letter
 * topic and go on; the other records of the stream are unaffected.
 *
 * <p>Immutable and thread-safe.
 */
public abstract class AvroRecordException extends AvroSerdeException {
    private static final long serialVersionUID = 1L;

    private final transient MessageCoordinates coordinates;
    private final transient SchemaRef schemaRef;

    /**
     * @param problem what went wrong, without the coordinates (they are appended)
     * @param coordinates where the record lives; for a record being serialized, {@link
     *     MessageCoordinates#unknown(String)} with its topic
     * @param schemaRef the writer schema's identity, or {@code null} if the bytes did not yield one
     * @param cause the underlying error, or {@code null}
     */
    protected AvroRecordException(
            String problem, MessageCoordinates coordinates, SchemaRef schemaRef, Throwable cause) {
        super(problem + " (" + describe(coordinates, schemaRef) + ")", cause);
        this.coordinates = coordinates;
        this.schemaRef = schemaRef;
    }

    /** Where the record lives. */
    public MessageCoordinates coordinates() {
        return coordinates;
    }

    /** The writer schema's fingerprint or id, if the bytes yielded one. */
    public Optional<SchemaRef> schemaRef() {
        return Optional.ofNullable(schemaRef);
    }

    private static String describe(MessageCoordinates c, SchemaRef ref) {
        StringBuilder sb = new StringBuilder("topic ").append(c.topic());
        if (c.queueId() >= 0) {
            sb.append(", queue ").append(c.queueId()).append(", offset ").append(c.queueOffset());
        }
        if (ref != null) {
            sb.append(", ").append(ref);
        }
        return sb.toString();
    }
}
