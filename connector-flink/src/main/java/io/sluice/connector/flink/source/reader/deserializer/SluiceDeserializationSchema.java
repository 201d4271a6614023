package io.sluice.connector.flink.source.reader.deserializer;

import io.sluice.mq.client.consumer.ReceivedMessage;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

/**
 * Turns one message into zero or more records, with every piece of the message at hand: topic,
 * broker and queue id ({@link ReceivedMessage#queue()}), queue offset, tag, keys, message ids,
 * born and store time, all properties and the body.
 *
 * <p>An exception thrown here is a bad record: the source applies its {@link
 * io.sluice.connector.flink.source.BadRecordPolicy} (fail, skip, or dead-letter). Records are
 * handed downstream only after {@code deserialize} returns, so a failure half-way emits nothing.
 *
 * <p>Serializable (it travels with the job); {@link #open} runs once per reader before use.
 *
 * @param <T> the record type
 */
@PublicEvolving
public interface SluiceDeserializationSchema<T> extends Serializable, ResultTypeQueryable<T> {

    /** Prepares the schema in its reader (metrics, class loader). */
    default void open(DeserializationSchema.InitializationContext context) throws Exception {}

    /** Deserializes {@code message} into {@code out}. */
    void deserialize(ReceivedMessage message, Collector<T> out) throws IOException;

    /** Uses {@code valueSchema} on the body only (any Flink {@link DeserializationSchema}). */
    static <T> SluiceDeserializationSchema<T> valueOnly(DeserializationSchema<T> valueSchema) {
        return new ValueOnlyDeserializationSchema<>(valueSchema);
    }
}
