package io.sluice.connector.flink.source.reader.deserializer;

import io.sluice.mq.client.consumer.ReceivedMessage;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/** A Flink {@link DeserializationSchema} applied to the message body. Thread-safety: as the wrapped schema. */
@Internal
final class ValueOnlyDeserializationSchema<T> implements SluiceDeserializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<T> valueSchema;

    ValueOnlyDeserializationSchema(DeserializationSchema<T> valueSchema) {
        this.valueSchema = Objects.requireNonNull(valueSchema, "valueSchema");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        valueSchema.open(context);
    }

    @Override
    public void deserialize(ReceivedMessage message, Collector<T> out) throws IOException {
        valueSchema.deserialize(message.body(), out);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return valueSchema.getProducedType();
    }
}
