package io.sluice.connector.flink.sink;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Turns each element of the stream into the {@link SluiceRecord} the sink sends: the topic, tag,
 * keys, body, user properties, delay and the queue key (for order per key) are all chosen here,
 * per record. {@link #builder()} covers the usual cases; implement this interface for anything
 * else.
 *
 * <p>Instances are serialized with the job graph and copied to every subtask; {@link #open} runs
 * once per subtask before the first {@link #serialize}, on the task thread, which is the only
 * thread that calls an instance.
 *
 * @param <T> the element type
 */
@PublicEvolving
public interface SluiceRecordSerializer<T> extends Serializable {

    /**
     * Prepares the serializer (for example opens a nested {@link SerializationSchema} or creates a
     * schema-registry client).
     *
     * @param context Flink's serialization context of this subtask (metrics, user class loader)
     * @param sinkContext which subtask this is
     * @throws Exception when the serializer cannot start; the subtask then fails
     */
    default void open(SerializationSchema.InitializationContext context, SluiceSinkContext sinkContext)
            throws Exception {}

    /**
     * The record to send for {@code element}.
     *
     * @param element the element; never {@code null}
     * @param context which subtask this is
     * @param timestamp the element's event timestamp, or {@code null} if it has none
     * @return the record, or {@code null} to write nothing for this element
     */
    SluiceRecord serialize(T element, SluiceSinkContext context, Long timestamp);

    /**
     * Releases what {@link #open} acquired (a registry client, for example). Called once when the
     * writer closes, also after a failure.
     *
     * @throws Exception when releasing fails; the writer reports it
     */
    default void close() throws Exception {}

    /** A builder for a serializer assembled from per-field functions. */
    static <T> SluiceRecordSerializerBuilder<T> builder() {
        return new SluiceRecordSerializerBuilder<>();
    }
}
