package io.sluice.connector.flink.table;

import static io.sluice.connector.flink.table.SluiceConnectorOptions.FORMAT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.NAMESERVER_ADDRESS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.REQUEST_TIMEOUT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_BAD_RECORD_POLICY;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_BOUNDED_MODE;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_BOUNDED_SPECIFIC_OFFSETS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_BOUNDED_TIMESTAMP_MILLIS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_COMMIT_ON_CHECKPOINT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_CONSUMER_GROUP;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_DEAD_LETTER_TOPIC;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_DISCOVERY_INTERVAL;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_EVENT_TIMESTAMP;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FETCH_BATCH_SIZE;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FETCH_MAX_BUFFERED;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FETCH_MAX_RETRIES;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FETCH_RETRY_BACKOFF;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FILTER_SQL;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FILTER_TAG;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_PARALLELISM;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_RATE_LIMIT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_REMOVED_QUEUE_POLICY;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_STARTUP_FALLBACK_MODE;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_STARTUP_MODE;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_STARTUP_SPECIFIC_OFFSETS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.TOPIC;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.TOPIC_PATTERN;

import io.sluice.connector.flink.source.SluiceSource;
import io.sluice.connector.flink.source.SluiceSourceBuilder;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * The {@code 'connector' = 'sluice'} table factory, found through {@code
 * META-INF/services/org.apache.flink.table.factories.Factory}. Reading is built; the sink will make
 * this same class also a {@code DynamicTableSinkFactory}: {@link #sharedOptions()} holds what both
 * sides read, {@link #sourceOptions()} the {@code scan.*} keys, and a {@code sinkOptions()} set will
 * join {@link #optionalOptions()} (docs/design/flink-table.md).
 *
 * <pre>{@code
 * CREATE TABLE orders (
 *   id STRING, cents BIGINT,
 *   tag STRING METADATA VIRTUAL,
 *   store_time TIMESTAMP_LTZ(3) METADATA VIRTUAL
 * ) WITH (
 *   'connector' = 'sluice', 'nameserver-address' = '127.0.0.1:9876', 'topic' = 'orders',
 *   'scan.consumer-group' = 'orders-sql', 'format' = 'json', 'scan.bounded.mode' = 'latest-offset'
 * )
 * }</pre>
 *
 * <p>Unknown keys, values of the wrong type and inconsistent combinations are rejected when the
 * table is planned, with a message naming the key. Stateless and thread-safe.
 */
@PublicEvolving
public final class SluiceDynamicTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "sluice";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(NAMESERVER_ADDRESS, FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>(sharedOptions());
        options.removeAll(requiredOptions());
        options.addAll(sourceOptions());
        return options;
    }

    /** Options both the source and (later) the sink read. */
    static Set<ConfigOption<?>> sharedOptions() {
        return Set.of(NAMESERVER_ADDRESS, TOPIC, REQUEST_TIMEOUT, FORMAT);
    }

    /** Options only reading uses. */
    static Set<ConfigOption<?>> sourceOptions() {
        return Set.of(
                TOPIC_PATTERN,
                SCAN_CONSUMER_GROUP,
                SCAN_STARTUP_MODE,
                SCAN_STARTUP_FALLBACK_MODE,
                SCAN_STARTUP_TIMESTAMP_MILLIS,
                SCAN_STARTUP_SPECIFIC_OFFSETS,
                SCAN_BOUNDED_MODE,
                SCAN_BOUNDED_TIMESTAMP_MILLIS,
                SCAN_BOUNDED_SPECIFIC_OFFSETS,
                SCAN_FILTER_TAG,
                SCAN_FILTER_SQL,
                SCAN_DISCOVERY_INTERVAL,
                SCAN_REMOVED_QUEUE_POLICY,
                SCAN_BAD_RECORD_POLICY,
                SCAN_DEAD_LETTER_TOPIC,
                SCAN_RATE_LIMIT,
                SCAN_FETCH_BATCH_SIZE,
                SCAN_FETCH_MAX_BUFFERED,
                SCAN_FETCH_MAX_RETRIES,
                SCAN_FETCH_RETRY_BACKOFF,
                SCAN_COMMIT_ON_CHECKPOINT,
                SCAN_EVENT_TIMESTAMP,
                SCAN_PARALLELISM);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(DeserializationFormatFactory.class, FORMAT);
        helper.validate(); // unknown keys and values of the wrong type, named by key
        ReadableConfig options = helper.getOptions();
        try {
            // Every cross-option rule now, at planning time, rather than when the job starts.
            SluiceSourceBuilder<RowData> probe = SluiceSource.builder();
            ScanOptions.configure(options, probe);
        } catch (ValidationException e) {
            throw new ValidationException(
                    String.format("Invalid options of table %s: %s", context.getObjectIdentifier(), e.getMessage()), e);
        }
        return new SluiceDynamicSource(
                context.getPhysicalRowDataType(),
                format,
                options.toMap(),
                options.getOptional(SCAN_PARALLELISM).orElse(null));
    }
}
