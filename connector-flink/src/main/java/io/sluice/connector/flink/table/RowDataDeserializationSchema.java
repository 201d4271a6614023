package io.sluice.connector.flink.table;

import io.sluice.connector.flink.source.reader.deserializer.SluiceDeserializationSchema;
import io.sluice.mq.client.consumer.ReceivedMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.util.Collector;

/**
 * Decodes a message body with the table's format (physical columns) and appends the requested
 * metadata columns, in the order the planner asked for them: {@code [physical..., metadata...]}.
 * A body the format rejects throws, so the source's bad-record policy applies to it.
 *
 * <p>Not thread-safe: each source reader has its own copy.
 */
@Internal
final class RowDataDeserializationSchema implements SluiceDeserializationSchema<RowData> {
    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<RowData> valueSchema;
    private final ReadableMetadata[] metadata;
    private final TypeInformation<RowData> producedType;
    private transient Buffer buffer;

    RowDataDeserializationSchema(
            DeserializationSchema<RowData> valueSchema,
            List<ReadableMetadata> metadata,
            TypeInformation<RowData> producedType) {
        this.valueSchema = Objects.requireNonNull(valueSchema, "valueSchema");
        this.metadata = metadata.toArray(ReadableMetadata[]::new);
        this.producedType = Objects.requireNonNull(producedType, "producedType");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        valueSchema.open(context);
    }

    @Override
    public void deserialize(ReceivedMessage message, Collector<RowData> out) throws IOException {
        if (metadata.length == 0) {
            valueSchema.deserialize(message.body(), out);
            return;
        }
        if (buffer == null) {
            buffer = new Buffer();
        }
        buffer.rows.clear();
        valueSchema.deserialize(message.body(), buffer);
        if (buffer.rows.isEmpty()) {
            return;
        }
        GenericRowData meta = new GenericRowData(metadata.length);
        for (int i = 0; i < metadata.length; i++) {
            meta.setField(i, metadata[i].read(message));
        }
        for (RowData row : buffer.rows) {
            out.collect(new JoinedRowData(row.getRowKind(), row, meta));
        }
        buffer.rows.clear();
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    /** Rows of one body; formats may emit several (or none, e.g. ignored parse errors). */
    private static final class Buffer implements Collector<RowData> {
        private final List<RowData> rows = new ArrayList<>();

        @Override
        public void collect(RowData row) {
            rows.add(row);
        }

        @Override
        public void close() {}
    }
}
