package io.sluice.connector.flink.table;

import io.sluice.connector.flink.sink.SluiceRecord;
import io.sluice.connector.flink.sink.SluiceRecordSerializer;
import io.sluice.connector.flink.sink.SluiceSinkContext;
import io.sluice.mq.client.producer.Message;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.ProjectedRowData;

/**
 * One row of a sluice table → one message: the physical columns are the body (the table's format),
 * the {@link RowRouting} gives topic, tag, keys, queue key, properties and delay, and the {@code
 * METADATA} columns in the row override them per row ({@link WritableMetadata}).
 *
 * <p>Row layout, as the planner hands it over: {@code [physical columns..., metadata columns...]}
 * with the metadata in the order of {@code metadataKeys}. The body sees only the physical columns
 * (a projection view, no copy).
 *
 * <p>A row the client cannot send (a key with a space, a tag with {@code ||}, both {@code
 * delay_level} and {@code deliver_time}) fails the task with a message naming the column. Used by
 * one subtask's task thread after {@link #open}.
 */
@Internal
final class RowDataRecordSerializer implements SluiceRecordSerializer<RowData> {

    private static final long serialVersionUID = 1L;

    private final RowRouting routing;
    private final SerializationSchema<RowData> valueSchema;
    private final int physicalArity;
    /** Position in the consumed row of each {@link WritableMetadata} (by ordinal), -1 when absent. */
    private final int[] metadataPositions;

    private transient RowData.FieldGetter[] keyGetters;
    private transient ProjectedRowData physical;

    RowDataRecordSerializer(
            RowRouting routing,
            SerializationSchema<RowData> valueSchema,
            int physicalArity,
            List<String> metadataKeys) {
        this.routing = Objects.requireNonNull(routing, "routing");
        this.valueSchema = Objects.requireNonNull(valueSchema, "valueSchema");
        this.physicalArity = physicalArity;
        this.metadataPositions = new int[WritableMetadata.values().length];
        Arrays.fill(metadataPositions, -1);
        for (int i = 0; i < metadataKeys.size(); i++) {
            metadataPositions[WritableMetadata.ofKey(metadataKeys.get(i)).ordinal()] = physicalArity + i;
        }
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, SluiceSinkContext sinkContext)
            throws Exception {
        valueSchema.open(context);
        keyGetters = new RowData.FieldGetter[routing.keyFields().length];
        for (int i = 0; i < keyGetters.length; i++) {
            keyGetters[i] = RowData.createFieldGetter(routing.keyTypes()[i], routing.keyFields()[i]);
        }
        int[] projection = new int[physicalArity];
        for (int i = 0; i < physicalArity; i++) {
            projection[i] = i;
        }
        physical = ProjectedRowData.from(projection);
    }

    @Override
    public SluiceRecord serialize(RowData row, SluiceSinkContext context, Long timestamp) {
        Message.Builder message = Message.builder(routing.topic());
        String queueKey = keys(row, message);
        String rowTag = string(row, WritableMetadata.TAG);
        String tag = rowTag != null ? rowTag : routing.tag();
        if (tag != null) {
            apply(WritableMetadata.TAG, () -> message.tags(tag));
        }
        routing.properties().forEach(message::property);
        properties(row, message);
        delay(row, message);
        boolean onlyPhysical = physicalArity == row.getArity();
        message.body(valueSchema.serialize(onlyPhysical ? row : physical.replaceRow(row)));
        return new SluiceRecord(message.build(), queueKey);
    }

    /** Adds the key fields' and the {@code keys} column's keys; returns the queue key or null. */
    private String keys(RowData row, Message.Builder message) {
        StringJoiner queueKey = new StringJoiner(" ");
        for (int i = 0; i < keyGetters.length; i++) {
            Object value = keyGetters[i].getFieldOrNull(row);
            String key = value == null ? "" : value.toString();
            queueKey.add(key);
            if (!key.isEmpty()) {
                apply(WritableMetadata.KEYS, () -> message.keys(key));
            }
        }
        int position = metadataPositions[WritableMetadata.KEYS.ordinal()];
        if (position >= 0 && !row.isNullAt(position)) {
            ArrayData keys = row.getArray(position);
            for (int i = 0; i < keys.size(); i++) {
                if (!keys.isNullAt(i)) {
                    String key = keys.getString(i).toString();
                    apply(WritableMetadata.KEYS, () -> message.keys(key));
                }
            }
        }
        return routing.queueByKey() ? queueKey.toString() : null;
    }

    private void properties(RowData row, Message.Builder message) {
        int position = metadataPositions[WritableMetadata.PROPERTIES.ordinal()];
        if (position < 0 || row.isNullAt(position)) {
            return;
        }
        MapData map = row.getMap(position);
        ArrayData names = map.keyArray();
        ArrayData values = map.valueArray();
        for (int i = 0; i < map.size(); i++) {
            if (names.isNullAt(i) || values.isNullAt(i)) {
                continue; // a SQL map may hold nulls; a message property has a name and a value
            }
            String name = names.getString(i).toString();
            if (!WritableMetadata.isSystemProperty(name)) {
                String value = values.getString(i).toString();
                apply(WritableMetadata.PROPERTIES, () -> message.property(name, value));
            }
        }
    }

    private void delay(RowData row, Message.Builder message) {
        int levelAt = metadataPositions[WritableMetadata.DELAY_LEVEL.ordinal()];
        int timeAt = metadataPositions[WritableMetadata.DELIVER_TIME.ordinal()];
        boolean level = levelAt >= 0 && !row.isNullAt(levelAt);
        boolean time = timeAt >= 0 && !row.isNullAt(timeAt);
        if (level && time) {
            throw new IllegalArgumentException(String.format(
                    "metadata columns '%s' and '%s' are both set in a row for topic %s; a message has one delay",
                    WritableMetadata.DELAY_LEVEL.key(), WritableMetadata.DELIVER_TIME.key(), routing.topic()));
        }
        if (level) {
            int value = row.getInt(levelAt);
            apply(WritableMetadata.DELAY_LEVEL, () -> message.delayLevel(value));
        } else if (time) {
            long at = row.getTimestamp(timeAt, 3).getMillisecond();
            apply(WritableMetadata.DELIVER_TIME, () -> message.deliverAtMs(at));
        } else if (routing.delayLevel() != null) {
            message.delayLevel(routing.delayLevel());
        }
    }

    private String string(RowData row, WritableMetadata metadata) {
        int position = metadataPositions[metadata.ordinal()];
        return position < 0 || row.isNullAt(position)
                ? null
                : row.getString(position).toString();
    }

    /** Runs {@code set}; a value the client refuses fails naming the column it came from. */
    private void apply(WritableMetadata field, Runnable set) {
        try {
            set.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "cannot write %s of a row to topic %s: %s",
                            describe(field), routing.topic(), e.getMessage()),
                    e);
        }
    }

    private String describe(WritableMetadata field) {
        return switch (field) {
            case TAG -> "the tag ('tag' column or 'sink.tag')";
            case KEYS -> "a key ('sink.keys.fields' or 'keys' column)";
            default -> "metadata column '" + field.key() + "'";
        };
    }
}
