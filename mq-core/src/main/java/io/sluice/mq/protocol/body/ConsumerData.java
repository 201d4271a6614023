package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer group as one client reports it in a heartbeat. Immutable.
 *
 * @param groupName the consumer group
 * @param consumeType CONSUME_ACTIVELY (pull), CONSUME_PASSIVELY (push) or CONSUME_POP
 * @param messageModel CLUSTERING or BROADCASTING
 * @param consumeFromWhere where a queue without a committed offset starts
 * @param subscriptions the group's subscriptions on this client
 */
public record ConsumerData(
        String groupName,
        String consumeType,
        String messageModel,
        String consumeFromWhere,
        List<SubscriptionData> subscriptions)
        implements JsonWritable {

    public static final String CONSUME_ACTIVELY = "CONSUME_ACTIVELY";
    public static final String CONSUME_PASSIVELY = "CONSUME_PASSIVELY";
    public static final String CLUSTERING = "CLUSTERING";
    public static final String BROADCASTING = "BROADCASTING";

    public ConsumerData {
        subscriptions = List.copyOf(subscriptions);
    }

    /** Parses the JSON object. */
    public static ConsumerData fromJson(Map<String, Object> json) {
        return new ConsumerData(
                JsonFields.requireString(json, "groupName"),
                JsonFields.string(json, "consumeType", CONSUME_ACTIVELY),
                JsonFields.string(json, "messageModel", CLUSTERING),
                JsonFields.string(json, "consumeFromWhere", "CONSUME_FROM_LAST_OFFSET"),
                SubscriptionData.listFromJson(JsonFields.objects(json, "subscriptionDataSet")));
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("consumeFromWhere", consumeFromWhere);
        json.put("consumeType", consumeType);
        json.put("groupName", groupName);
        json.put("messageModel", messageModel);
        json.put("subscriptionDataSet", subscriptions);
        json.put("unitMode", false);
        return json;
    }
}
