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
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_DELAY_LEVEL;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_DELIVERY_GUARANTEE;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_FLUSH_TIMEOUT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_IDEMPOTENT_SENDS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_KEYS_FIELDS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_MAX_IN_FLIGHT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_MAX_TRANSACTION_BYTES;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_PARALLELISM;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_PRODUCER_GROUP;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_PROPERTIES;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_QUEUE_BY;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_SEND_RETRIES;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_SEND_TIMEOUT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_TAG;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_TRANSACTIONAL_ID_PREFIX;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_TRANSACTION_TIMEOUT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.TOPIC;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.TOPIC_PATTERN;

import io.sluice.connector.flink.sink.SluiceSink;
import io.sluice.connector.flink.source.SluiceSource;
import io.sluice.connector.flink.source.SluiceSourceBuilder;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.logical.RowType;

/**
 * The {@code 'connector' = 'sluice'} table factory, found through {@code
 * META-INF/services/org.apache.flink.table.factories.Factory}, for reading ({@link
 * SluiceDynamicSource}) and writing ({@link SluiceDynamicSink}): {@link #sharedOptions()} holds what
 * both sides read, {@link #sourceOptions()} the {@code scan.*} keys and {@link #sinkOptions()} the
 * {@code sink.*} keys. As in flink-connector-kafka one option set is validated for both sides, so a
 * table used only as a sink accepts {@code scan.*} keys without using them and vice versa; keys
 * nobody knows are refused on both (docs/design/flink-table.md).
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
 * INSERT INTO orders_out SELECT id, cents FROM orders;   -- orders_out: 'sink.*' options
 * }</pre>
 *
 * <p>Unknown keys, values of the wrong type and inconsistent combinations are rejected when the
 * table is planned, with a message naming the key. Stateless and thread-safe.
 */
@PublicEvolving
public final class SluiceDynamicTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {

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
        options.addAll(sinkOptions());
        return options;
    }

    /** Options both the source and the sink read. */
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

    /** Options only writing uses. */
    static Set<ConfigOption<?>> sinkOptions() {
        return Set.of(
                SINK_DELIVERY_GUARANTEE,
                SINK_TRANSACTIONAL_ID_PREFIX,
                SINK_TRANSACTION_TIMEOUT,
                SINK_MAX_TRANSACTION_BYTES,
                SINK_PRODUCER_GROUP,
                SINK_SEND_TIMEOUT,
                SINK_SEND_RETRIES,
                SINK_IDEMPOTENT_SENDS,
                SINK_MAX_IN_FLIGHT,
                SINK_FLUSH_TIMEOUT,
                SINK_TAG,
                SINK_KEYS_FIELDS,
                SINK_QUEUE_BY,
                SINK_PROPERTIES,
                SINK_DELAY_LEVEL,
                SINK_PARALLELISM);
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

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        EncodingFormat<SerializationSchema<RowData>> format =
                helper.discoverEncodingFormat(SerializationFormatFactory.class, FORMAT);
        helper.validate(); // unknown keys and values of the wrong type, named by key
        ReadableConfig options = helper.getOptions();
        try {
            // Every cross-option rule now, at planning time, rather than when the job starts.
            SinkOptions.configure(options, SluiceSink.builder());
            SinkOptions.routing(
                    options, (RowType) context.getPhysicalRowDataType().getLogicalType());
        } catch (ValidationException e) {
            throw new ValidationException(
                    String.format("Invalid options of table %s: %s", context.getObjectIdentifier(), e.getMessage()), e);
        }
        return new SluiceDynamicSink(
                context.getPhysicalRowDataType(),
                format,
                options.toMap(),
                options.getOptional(SINK_PARALLELISM).orElse(null));
    }
}
