package io.sluice.connector.flink.source.reader;

import io.sluice.connector.flink.source.EventTimestamp;
import io.sluice.connector.flink.source.metrics.SourceReaderMetrics;
import io.sluice.connector.flink.source.reader.deserializer.SluiceDeserializationSchema;
import io.sluice.connector.flink.source.split.QueueSplitState;
import io.sluice.mq.client.consumer.ReceivedMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.util.Collector;

/**
 * Deserializes each fetched message on the task thread, hands the records to the split's output
 * with the message time as timestamp, and moves the split's offset past the message. Records are
 * collected first and emitted after the deserializer returns, so an exception from downstream is
 * never mistaken for a bad record and a failing deserializer emits nothing.
 *
 * <p>Not thread-safe: the task thread only.
 */
@Internal
public final class SluiceRecordEmitter<T> implements RecordEmitter<ReceivedMessage, T, QueueSplitState> {

    private final SluiceDeserializationSchema<T> schema;
    private final BadRecordHandler badRecords;
    private final SourceReaderMetrics metrics;
    private final EventTimestamp timestamp;
    private final ListCollector<T> collector = new ListCollector<>();

    public SluiceRecordEmitter(
            SluiceDeserializationSchema<T> schema,
            BadRecordHandler badRecords,
            SourceReaderMetrics metrics,
            EventTimestamp timestamp) {
        this.schema = schema;
        this.badRecords = badRecords;
        this.metrics = metrics;
        this.timestamp = timestamp;
    }

    @Override
    public void emitRecord(ReceivedMessage message, SourceOutput<T> output, QueueSplitState state) throws Exception {
        collector.records.clear();
        boolean ok;
        try {
            schema.deserialize(message, collector);
            ok = true;
        } catch (Exception e) { // any failure of user deserialization code is a bad record
            badRecords.handle(message, e);
            ok = false;
        }
        if (ok) {
            long time = timestamp == EventTimestamp.BORN_TIME ? message.bornTimestamp() : message.storeTimestamp();
            for (T record : collector.records) {
                output.collect(record, time);
            }
        }
        collector.records.clear();
        state.handled(message.queueOffset(), message.storeTimestamp());
        metrics.currentOffset(message.queue(), state.nextOffset());
    }

    private static final class ListCollector<T> implements Collector<T> {
        private final List<T> records = new ArrayList<>();

        @Override
        public void collect(T record) {
            records.add(record);
        }

        @Override
        public void close() {}
    }
}
