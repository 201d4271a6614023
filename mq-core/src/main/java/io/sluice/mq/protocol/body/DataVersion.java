package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Version stamp of a broker's topic table: a counter bumped on every change and the time of the
 * change. Immutable.
 *
 * @param counter changes so far
 * @param timestamp epoch ms of the last change
 */
public record DataVersion(long counter, long timestamp) implements JsonWritable {

    /** Parses the JSON object. */
    public static DataVersion fromJson(Map<String, Object> json) {
        return new DataVersion(JsonFields.longValue(json, "counter", 0), JsonFields.longValue(json, "timestamp", 0));
    }

    /** The next version, stamped {@code nowMs}. */
    public DataVersion next(long nowMs) {
        return new DataVersion(counter + 1, nowMs);
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("counter", counter);
        json.put("stateVersion", 0);
        json.put("timestamp", timestamp);
        return json;
    }
}
