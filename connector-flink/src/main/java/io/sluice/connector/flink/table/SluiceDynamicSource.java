package io.sluice.connector.flink.table;

import io.sluice.connector.flink.source.SluiceSource;
import io.sluice.connector.flink.source.SluiceSourceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * A sluice table read as a scan: a {@link SluiceSource} of {@link RowData} whose bodies are decoded by
 * the table's format, plus the metadata columns the query uses ({@link ReadableMetadata}). Bounded
 * when {@code scan.bounded.mode} is not {@code unbounded}.
 *
 * <p>Not thread-safe (the planner uses it from one thread); {@link #copy()} gives an independent one.
 */
@Internal
public final class SluiceDynamicSource implements ScanTableSource, SupportsReadingMetadata {

    private final DataType physicalDataType;
    private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final Map<String, String> options;
    private final Integer parallelism;
    private List<String> metadataKeys = List.of();
    private DataType producedDataType;

    /**
     * @param options the validated {@code WITH} options
     * @param parallelism {@code scan.parallelism}, or null for the planner's default
     */
    SluiceDynamicSource(
            DataType physicalDataType,
            DecodingFormat<DeserializationSchema<RowData>> format,
            Map<String, String> options,
            Integer parallelism) {
        this.physicalDataType = Objects.requireNonNull(physicalDataType, "physicalDataType");
        this.format = Objects.requireNonNull(format, "format");
        this.options = Map.copyOf(options);
        this.parallelism = parallelism;
        this.producedDataType = physicalDataType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return format.getChangelogMode();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        DeserializationSchema<RowData> valueSchema = format.createRuntimeDecoder(context, physicalDataType);
        List<ReadableMetadata> metadata =
                metadataKeys.stream().map(ReadableMetadata::ofKey).toList();
        RowDataDeserializationSchema schema = new RowDataDeserializationSchema(
                valueSchema, metadata, context.createTypeInformation(producedDataType));
        SluiceSourceBuilder<RowData> builder = SluiceSource.builder();
        ScanOptions.configure(Configuration.fromMap(options), builder);
        return SourceProvider.of(builder.setDeserializer(schema).build(), parallelism);
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        return ReadableMetadata.all();
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        this.metadataKeys = List.copyOf(metadataKeys);
        this.producedDataType = producedDataType;
    }

    @Override
    public DynamicTableSource copy() {
        SluiceDynamicSource copy = new SluiceDynamicSource(physicalDataType, format, options, parallelism);
        copy.metadataKeys = new ArrayList<>(metadataKeys);
        copy.producedDataType = producedDataType;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Sluice table source";
    }
}
