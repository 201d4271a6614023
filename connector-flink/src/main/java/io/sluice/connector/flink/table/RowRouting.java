package io.sluice.connector.flink.table;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * How the sink routes every row, as set by the {@code sink.*} options (metadata columns may
 * override the tag, properties and delay per row; see {@link WritableMetadata}). Immutable;
 * travels with the job graph.
 *
 * @param topic the one topic written
 * @param tag {@code sink.tag}, or {@code null}
 * @param properties {@code sink.properties} (user properties), possibly empty
 * @param delayLevel {@code sink.delay-level}, or {@code null}
 * @param keyFields positions in the physical row of {@code sink.keys.fields}, in option order
 * @param keyTypes the logical types of those columns
 * @param queueByKey {@code sink.queue-by = key}: the key fields' values pick the queue
 */
@Internal
record RowRouting(
        String topic,
        String tag,
        Map<String, String> properties,
        Integer delayLevel,
        int[] keyFields,
        LogicalType[] keyTypes,
        boolean queueByKey)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    RowRouting {
        Objects.requireNonNull(topic, "topic");
        properties = Map.copyOf(properties);
        keyFields = keyFields.clone();
        keyTypes = keyTypes.clone();
    }
}
