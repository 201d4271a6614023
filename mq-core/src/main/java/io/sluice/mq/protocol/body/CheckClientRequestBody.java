package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Body of CHECK_CLIENT_CONFIG (46), RocketMQ's {@code CheckClientRequestBody}: {@code
 * {"clientId":"...","group":"...","subscriptionData":{...}}} with the subscription as heartbeats
 * carry it (5.x clients add {@code "namespace"}, ignored). Immutable.
 *
 * @param clientId the asking client
 * @param group its consumer group
 * @param subscription the subscription to check
 */
public record CheckClientRequestBody(String clientId, String group, SubscriptionData subscription)
        implements JsonWritable {

    /** Parses the body bytes; a missing group or subscription names itself. */
    public static CheckClientRequestBody decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProtocolException("CHECK_CLIENT_CONFIG needs a body naming group and subscriptionData");
        }
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        Map<String, Object> subscription = JsonFields.object(json, "subscriptionData");
        if (subscription.isEmpty()) {
            throw new ProtocolException("CHECK_CLIENT_CONFIG body has no subscriptionData");
        }
        return new CheckClientRequestBody(
                JsonFields.string(json, "clientId", ""),
                JsonFields.requireString(json, "group"),
                SubscriptionData.fromJson(subscription));
    }

    /** The body bytes. */
    public byte[] encode() {
        return JsonWriter.write(this).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clientId", clientId);
        json.put("group", group);
        json.put("subscriptionData", subscription);
        return json;
    }
}
