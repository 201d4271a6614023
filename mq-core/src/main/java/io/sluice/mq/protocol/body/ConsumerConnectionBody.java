package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Body of the GET_CONSUMER_CONNECTION_LIST (203) response, RocketMQ's {@code ConsumerConnection}:
 * {@code {"connectionSet":[<ClientConnection>,...],"subscriptionTable":{"<topic>":
 * <SubscriptionData>},"consumeType":..,"messageModel":..,"consumeFromWhere":..}}. Immutable.
 *
 * @param connections the group's live connections, sorted by client id
 * @param subscriptions subscriptions by topic, sorted
 * @param consumeType CONSUME_ACTIVELY or CONSUME_PASSIVELY
 * @param messageModel CLUSTERING or BROADCASTING
 * @param consumeFromWhere where queues without a committed offset start
 */
public record ConsumerConnectionBody(
        List<ClientConnection> connections,
        Map<String, SubscriptionData> subscriptions,
        String consumeType,
        String messageModel,
        String consumeFromWhere) {

    public ConsumerConnectionBody {
        connections = List.copyOf(connections);
        subscriptions = java.util.Collections.unmodifiableMap(new TreeMap<>(subscriptions));
    }

    public byte[] encode() {
        Map<String, Object> table = new LinkedHashMap<>();
        subscriptions.forEach((topic, subscription) -> table.put(topic, subscription.toJson()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("connectionSet", ClientConnection.listToJson(connections));
        json.put("consumeFromWhere", consumeFromWhere);
        json.put("consumeType", consumeType);
        json.put("messageModel", messageModel);
        json.put("subscriptionTable", table);
        return JsonWriter.write(json).getBytes(StandardCharsets.UTF_8);
    }

    public static ConsumerConnectionBody decode(byte[] body) {
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        Map<String, Object> table = JsonFields.object(json, "subscriptionTable");
        Map<String, SubscriptionData> subscriptions = new TreeMap<>();
        for (String topic : table.keySet()) {
            subscriptions.put(topic, SubscriptionData.fromJson(JsonFields.object(table, topic)));
        }
        return new ConsumerConnectionBody(
                ClientConnection.listFromJson(JsonFields.objects(json, "connectionSet")),
                subscriptions,
                JsonFields.string(json, "consumeType", ""),
                JsonFields.string(json, "messageModel", ""),
                JsonFields.string(json, "consumeFromWhere", ""));
    }
}
