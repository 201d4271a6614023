package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Body of HEART_BEAT (REMOTING.md 2.6): the client id, its consumer groups with subscriptions and
 * its producer groups. Immutable.
 *
 * @param clientId {@code ip@instance[@unit][@STREAM]}
 * @param consumers consumer groups on this client
 * @param producerGroups producer groups on this client
 */
public record HeartbeatData(String clientId, List<ConsumerData> consumers, List<String> producerGroups)
        implements JsonWritable {

    public HeartbeatData {
        consumers = List.copyOf(consumers);
        producerGroups = List.copyOf(producerGroups);
    }

    /** Parses the body bytes. */
    public static HeartbeatData decode(byte[] body) {
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        List<ConsumerData> consumers = new ArrayList<>();
        for (Map<String, Object> consumer : JsonFields.objects(json, "consumerDataSet")) {
            consumers.add(ConsumerData.fromJson(consumer));
        }
        List<String> producers = new ArrayList<>();
        for (Map<String, Object> producer : JsonFields.objects(json, "producerDataSet")) {
            producers.add(JsonFields.requireString(producer, "groupName"));
        }
        return new HeartbeatData(JsonFields.requireString(json, "clientID"), consumers, producers);
    }

    /** The body bytes. */
    public byte[] encode() {
        return JsonWriter.write(this).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clientID", clientId);
        json.put("consumerDataSet", consumers);
        List<Object> producers = new ArrayList<>();
        for (String group : producerGroups) {
            producers.add(Map.of("groupName", group));
        }
        json.put("producerDataSet", producers);
        return json;
    }
}
