package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A broker's topics with a version: the body of GET_ALL_TOPIC_CONFIG and the {@code
 * topicConfigSerializeWrapper} of REGISTER_BROKER (REMOTING.md 2.2, 2.10). Immutable.
 *
 * @param dataVersion the table's version
 * @param topics configurations by topic name
 */
public record TopicConfigTable(DataVersion dataVersion, Map<String, TopicConfig> topics) implements JsonWritable {

    public TopicConfigTable {
        topics = Map.copyOf(topics);
    }

    /** Parses the JSON object. */
    public static TopicConfigTable fromJson(Map<String, Object> json) {
        Map<String, TopicConfig> topics = new TreeMap<>();
        Map<String, Object> table = JsonFields.object(json, "topicConfigTable");
        for (String name : table.keySet()) {
            topics.put(name, TopicConfig.fromJson(JsonFields.object(table, name)));
        }
        return new TopicConfigTable(DataVersion.fromJson(JsonFields.object(json, "dataVersion")), topics);
    }

    /** Parses body bytes holding the table as a top-level object. */
    public static TopicConfigTable decode(byte[] body) {
        return fromJson(Json.parseObject(new String(body, StandardCharsets.UTF_8)));
    }

    /** The body bytes. */
    public byte[] encode() {
        return JsonWriter.write(this).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataVersion", dataVersion);
        json.put("topicConfigTable", new TreeMap<>(topics));
        return json;
    }
}
