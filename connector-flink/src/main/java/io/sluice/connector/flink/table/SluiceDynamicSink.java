package io.sluice.connector.flink.table;

import io.sluice.connector.flink.sink.SluiceSink;
import io.sluice.connector.flink.sink.SluiceSinkBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsWritingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * A sluice table written by {@code INSERT INTO}: a {@link SluiceSink} of {@link RowData} whose rows
 * become messages through {@link RowDataRecordSerializer} (body by the table's format, routing by
 * the {@code sink.*} options and the writable metadata columns).
 *
 * <p>Changelog: what the format can encode. For {@code json}, {@code raw} and {@code avro} that is
 * inserts only, so the planner refuses a query producing updates or deletes (an aggregation without
 * a window, for example) before the job starts; a changelog format such as {@code debezium-json}
 * encodes the row kind in the body and accepts them.
 *
 * <p>Not thread-safe (the planner uses it from one thread); {@link #copy()} gives an independent one.
 */
@Internal
public final class SluiceDynamicSink implements DynamicTableSink, SupportsWritingMetadata {

    private final DataType physicalDataType;
    private final EncodingFormat<SerializationSchema<RowData>> format;
    private final Map<String, String> options;
    private final Integer parallelism;
    private List<String> metadataKeys = List.of();

    /**
     * @param options the validated {@code WITH} options
     * @param parallelism {@code sink.parallelism}, or null for the planner's default
     */
    SluiceDynamicSink(
            DataType physicalDataType,
            EncodingFormat<SerializationSchema<RowData>> format,
            Map<String, String> options,
            Integer parallelism) {
        this.physicalDataType = Objects.requireNonNull(physicalDataType, "physicalDataType");
        this.format = Objects.requireNonNull(format, "format");
        this.options = Map.copyOf(options);
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return format.getChangelogMode();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        SerializationSchema<RowData> valueSchema = format.createRuntimeEncoder(context, physicalDataType);
        Configuration config = Configuration.fromMap(options);
        RowType physical = (RowType) physicalDataType.getLogicalType();
        RowRouting routing = SinkOptions.routing(config, physical);
        SluiceSinkBuilder<RowData> builder = SluiceSink.builder();
        SinkOptions.configure(config, builder);
        builder.setRecordSerializer(
                new RowDataRecordSerializer(routing, valueSchema, physical.getFieldCount(), metadataKeys));
        return SinkV2Provider.of(builder.build(), parallelism);
    }

    @Override
    public Map<String, DataType> listWritableMetadata() {
        return WritableMetadata.all();
    }

    @Override
    public void applyWritableMetadata(List<String> metadataKeys, DataType consumedDataType) {
        this.metadataKeys = List.copyOf(metadataKeys);
    }

    @Override
    public DynamicTableSink copy() {
        SluiceDynamicSink copy = new SluiceDynamicSink(physicalDataType, format, options, parallelism);
        copy.metadataKeys = new ArrayList<>(metadataKeys);
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Sluice table sink";
    }
}
