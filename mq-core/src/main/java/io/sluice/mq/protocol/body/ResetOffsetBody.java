package io.sluice.mq.protocol.body;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Body of the INVOKE_BROKER_TO_RESET_OFFSET (222) response and of RESET_CONSUMER_CLIENT_OFFSET
 * (220): {@code {"offsetTable":{<MessageQueue>:<next offset>,...}}} (REMOTING.md 2.12), queue keys
 * in fastjson's object form ({@link QueueOffsetTable}). Immutable.
 *
 * @param offsets the new next offset to read of each queue, sorted by queue
 */
public record ResetOffsetBody(Map<MessageQueue, Long> offsets) {

    public ResetOffsetBody {
        offsets = java.util.Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    public byte[] encode() {
        Map<Object, Object> table = new LinkedHashMap<>();
        offsets.forEach((queue, offset) -> table.put(QueueOffsetTable.key(queue), offset));
        return JsonWriter.write(Map.of("offsetTable", table)).getBytes(StandardCharsets.UTF_8);
    }

    public static ResetOffsetBody decode(byte[] body) {
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        Map<MessageQueue, Long> offsets = new TreeMap<>();
        Map<String, Object> table = JsonFields.object(json, "offsetTable");
        for (String key : table.keySet()) {
            offsets.put(QueueOffsetTable.parseKey(key), JsonFields.longValue(table, key, 0));
        }
        return new ResetOffsetBody(offsets);
    }
}
