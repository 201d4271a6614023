package io.sluice.connector.flink.table;

import io.sluice.mq.protocol.message.MessageConst;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;

/**
 * The message fields an {@code INSERT} may set through {@code METADATA} columns, with their SQL
 * types. Every type is nullable: a {@code NULL} leaves the field to the {@code sink.*} option (or
 * unset). What the broker assigns ({@code msg_id}, {@code queue_id}, {@code queue_offset}, {@code
 * store_time}, ...) is readable only; the planner refuses a persisted column of those keys in an
 * {@code INSERT}, naming the column and the keys below. Immutable.
 *
 * <pre>
 * key           type                   becomes
 * tag           STRING                 the tag (overrides 'sink.tag')
 * keys          ARRAY&lt;STRING&gt;          more message keys (after 'sink.keys.fields')
 * properties    MAP&lt;STRING, STRING&gt;    user properties (over 'sink.properties'); system names skipped
 * delay_level   INT                    broker delay level (overrides 'sink.delay-level')
 * deliver_time  TIMESTAMP_LTZ(3)       timer delivery time (not with delay_level in the same row)
 * </pre>
 */
@Internal
enum WritableMetadata {
    TAG("tag", DataTypes.STRING().nullable()),
    KEYS("keys", DataTypes.ARRAY(DataTypes.STRING().nullable()).nullable()),
    PROPERTIES(
            "properties",
            DataTypes.MAP(DataTypes.STRING().nullable(), DataTypes.STRING().nullable())
                    .nullable()),
    DELAY_LEVEL("delay_level", DataTypes.INT().nullable()),
    DELIVER_TIME("deliver_time", DataTypes.TIMESTAMP_LTZ(3).nullable());

    /**
     * Property names the client or broker set: the tag, keys, delay and ids of a message, and what
     * a read adds (offsets, cluster). Copied from a read ({@code INSERT INTO b SELECT ..., properties
     * FROM a}) they describe the old message, and the client refuses most of them, so the writer
     * skips them; the tag, keys and delay have their own columns.
     */
    private static final Set<String> SYSTEM_PROPERTIES = Set.of(
            MessageConst.KEYS,
            MessageConst.TAGS,
            MessageConst.UNIQ_KEY,
            MessageConst.WAIT,
            MessageConst.DELAY,
            MessageConst.RETRY_TOPIC,
            MessageConst.REAL_TOPIC,
            MessageConst.REAL_QID,
            MessageConst.TRAN_MSG,
            MessageConst.PGROUP,
            MessageConst.MIN_OFFSET,
            MessageConst.MAX_OFFSET,
            MessageConst.TRANSACTION_ID,
            MessageConst.TRANSACTION_CHECK_TIMES,
            MessageConst.MAX_RECONSUME_TIMES,
            MessageConst.RECONSUME_TIME,
            MessageConst.ORIGIN_MESSAGE_ID,
            MessageConst.CLUSTER,
            MessageConst.TIMER_DELIVER_MS,
            MessageConst.TIMER_DELAY_SEC,
            MessageConst.TIMER_DELAY_MS);

    private final String key;
    private final DataType type;

    WritableMetadata(String key, DataType type) {
        this.key = key;
        this.type = type;
    }

    /** The key used in {@code METADATA FROM 'key'} (or the column name). */
    String key() {
        return key;
    }

    /** Every key with its type, in declaration order. */
    static Map<String, DataType> all() {
        Map<String, DataType> map = new LinkedHashMap<>();
        for (WritableMetadata m : values()) {
            map.put(m.key, m.type);
        }
        return map;
    }

    /** Whether {@code name} is a property the client or broker sets, never a user property. */
    static boolean isSystemProperty(String name) {
        return SYSTEM_PROPERTIES.contains(name);
    }

    static WritableMetadata ofKey(String key) {
        for (WritableMetadata m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "unknown writable metadata key '" + key + "', expected one of " + all().keySet());
    }
}
