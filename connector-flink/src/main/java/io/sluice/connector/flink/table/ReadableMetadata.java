package io.sluice.connector.flink.table;

import io.sluice.mq.client.consumer.ReceivedMessage;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

/**
 * The message metadata a sluice table exposes as {@code METADATA} columns, with its SQL type and
 * how it is read from a {@link ReceivedMessage} in Flink's internal data structures. Times are
 * {@code TIMESTAMP_LTZ(3)} (epoch milliseconds, no zone). Immutable.
 *
 * <pre>
 * key           type                      from
 * topic         STRING NOT NULL           queue().topic()
 * broker        STRING NOT NULL           queue().brokerName()
 * queue_id      INT NOT NULL              queue().queueId()
 * queue_offset  BIGINT NOT NULL           queueOffset()
 * msg_id        STRING NOT NULL           msgId() (UNIQ_KEY, else the offset id)
 * tag           STRING                    tags() (null when untagged)
 * keys          ARRAY&lt;STRING&gt; NOT NULL  keys()
 * born_time     TIMESTAMP_LTZ(3) NOT NULL bornTimestamp()
 * store_time    TIMESTAMP_LTZ(3) NOT NULL storeTimestamp()
 * properties    MAP&lt;STRING, STRING&gt; NOT NULL every property (user and system)
 * </pre>
 */
@Internal
enum ReadableMetadata {
    TOPIC("topic", DataTypes.STRING().notNull(), m -> StringData.fromString(m.topic())),
    BROKER(
            "broker",
            DataTypes.STRING().notNull(),
            m -> StringData.fromString(m.queue().brokerName())),
    QUEUE_ID("queue_id", DataTypes.INT().notNull(), m -> m.queue().queueId()),
    QUEUE_OFFSET("queue_offset", DataTypes.BIGINT().notNull(), ReceivedMessage::queueOffset),
    MSG_ID("msg_id", DataTypes.STRING().notNull(), m -> StringData.fromString(m.msgId())),
    TAG("tag", DataTypes.STRING().nullable(), m -> m.tags() == null ? null : StringData.fromString(m.tags())),
    KEYS("keys", DataTypes.ARRAY(DataTypes.STRING().notNull()).notNull(), ReadableMetadata::keys),
    BORN_TIME("born_time", DataTypes.TIMESTAMP_LTZ(3).notNull(), m -> TimestampData.fromEpochMillis(m.bornTimestamp())),
    STORE_TIME(
            "store_time", DataTypes.TIMESTAMP_LTZ(3).notNull(), m -> TimestampData.fromEpochMillis(m.storeTimestamp())),
    PROPERTIES(
            "properties",
            DataTypes.MAP(DataTypes.STRING().notNull(), DataTypes.STRING().nullable())
                    .notNull(),
            ReadableMetadata::properties);

    private final String key;
    private final DataType type;
    private final Reader reader;

    ReadableMetadata(String key, DataType type, Reader reader) {
        this.key = key;
        this.type = type;
        this.reader = reader;
    }

    /** The metadata key used in {@code METADATA FROM 'key'} (or the column name). */
    String key() {
        return key;
    }

    DataType type() {
        return type;
    }

    /** The value of this metadata in {@code message}, as Flink's internal data structure. */
    Object read(ReceivedMessage message) {
        return reader.read(message);
    }

    /** Every key with its type, in declaration order. */
    static Map<String, DataType> all() {
        Map<String, DataType> map = new java.util.LinkedHashMap<>();
        for (ReadableMetadata m : values()) {
            map.put(m.key, m.type);
        }
        return map;
    }

    static ReadableMetadata ofKey(String key) {
        for (ReadableMetadata m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metadata key '" + key + "', expected one of " + all().keySet());
    }

    private static Object keys(ReceivedMessage message) {
        Object[] keys = new Object[message.keys().size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = StringData.fromString(message.keys().get(i));
        }
        return new GenericArrayData(keys);
    }

    private static Object properties(ReceivedMessage message) {
        Map<Object, Object> map = new HashMap<>();
        message.properties().forEach((k, v) -> map.put(StringData.fromString(k), StringData.fromString(v)));
        return new GenericMapData(map);
    }

    /** Reads one metadata value (enum constants are serialized by name, so this need not be serializable). */
    @FunctionalInterface
    private interface Reader {
        Object read(ReceivedMessage message);
    }
}
