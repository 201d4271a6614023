package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * RocketMQ's {@code KVTable}, the body of the GET_BROKER_RUNTIME_INFO (28) response: {@code
 * {"table":{"<key>":"<value>",...}}}, every value a string. Immutable; keys sorted.
 *
 * @param table the entries
 */
public record KvTable(Map<String, String> table) {

    public KvTable {
        table = java.util.Collections.unmodifiableMap(new TreeMap<>(table));
    }

    public byte[] encode() {
        return JsonWriter.write(Map.of("table", table)).getBytes(StandardCharsets.UTF_8);
    }

    public static KvTable decode(byte[] body) {
        Map<String, Object> object =
                JsonFields.object(Json.parseObject(new String(body, StandardCharsets.UTF_8)), "table");
        Map<String, String> table = new TreeMap<>();
        object.forEach((key, value) -> table.put(key, value == null ? "" : value.toString()));
        return new KvTable(table);
    }
}
