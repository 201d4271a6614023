package io.sluice.mq.protocol.body;

import io.sluice.mq.common.Checks;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A consumer group's settings, RocketMQ's {@code SubscriptionGroupConfig}: the body of
 * UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200) and an entry of GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201).
 * JSON keys are RocketMQ's; fields the official tools send that are not modelled here
 * (retry policy, attributes, 5.x flags) are ignored, and RocketMQ's defaults fill what a body
 * leaves out. Immutable.
 *
 * @param groupName the group
 * @param consumeEnable whether the group may consume
 * @param consumeFromMinEnable start from the queue's first message when nothing is committed
 * @param consumeBroadcastEnable whether broadcasting consumption is allowed
 * @param consumeMessageOrderly whether the group consumes orderly
 * @param retryQueueNums queues of the group's retry topic
 * @param retryMaxTimes deliveries before a message goes to the dead-letter topic
 * @param brokerId broker id the group reads from (0 = master)
 * @param whichBrokerWhenConsumeSlowly broker id to read from when the group lags
 * @param notifyConsumerIdsChangedEnable whether members are told when the group changes
 */
public record SubscriptionGroupConfig(
        String groupName,
        boolean consumeEnable,
        boolean consumeFromMinEnable,
        boolean consumeBroadcastEnable,
        boolean consumeMessageOrderly,
        int retryQueueNums,
        int retryMaxTimes,
        long brokerId,
        long whichBrokerWhenConsumeSlowly,
        boolean notifyConsumerIdsChangedEnable) {

    public SubscriptionGroupConfig {
        Checks.argument(groupName != null && !groupName.isBlank(), "groupName must not be blank");
    }

    /** RocketMQ's defaults for {@code group}. */
    public static SubscriptionGroupConfig defaults(String group) {
        return new SubscriptionGroupConfig(group, true, true, true, false, 1, 16, 0, 1, true);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("brokerId", brokerId);
        json.put("consumeBroadcastEnable", consumeBroadcastEnable);
        json.put("consumeEnable", consumeEnable);
        json.put("consumeFromMinEnable", consumeFromMinEnable);
        json.put("consumeMessageOrderly", consumeMessageOrderly);
        json.put("groupName", groupName);
        json.put("notifyConsumerIdsChangedEnable", notifyConsumerIdsChangedEnable);
        json.put("retryMaxTimes", retryMaxTimes);
        json.put("retryQueueNums", retryQueueNums);
        json.put("whichBrokerWhenConsumeSlowly", whichBrokerWhenConsumeSlowly);
        return json;
    }

    public byte[] encode() {
        return JsonWriter.write(toJson()).getBytes(StandardCharsets.UTF_8);
    }

    public static SubscriptionGroupConfig fromJson(Map<String, Object> json) {
        SubscriptionGroupConfig d = defaults(JsonFields.requireString(json, "groupName"));
        return new SubscriptionGroupConfig(
                d.groupName(),
                JsonFields.booleanValue(json, "consumeEnable", d.consumeEnable()),
                JsonFields.booleanValue(json, "consumeFromMinEnable", d.consumeFromMinEnable()),
                JsonFields.booleanValue(json, "consumeBroadcastEnable", d.consumeBroadcastEnable()),
                JsonFields.booleanValue(json, "consumeMessageOrderly", d.consumeMessageOrderly()),
                JsonFields.intValue(json, "retryQueueNums", d.retryQueueNums()),
                JsonFields.intValue(json, "retryMaxTimes", d.retryMaxTimes()),
                JsonFields.longValue(json, "brokerId", d.brokerId()),
                JsonFields.longValue(json, "whichBrokerWhenConsumeSlowly", d.whichBrokerWhenConsumeSlowly()),
                JsonFields.booleanValue(json, "notifyConsumerIdsChangedEnable", d.notifyConsumerIdsChangedEnable()));
    }

    public static SubscriptionGroupConfig decode(byte[] body) {
        return fromJson(Json.parseObject(new String(body, StandardCharsets.UTF_8)));
    }
}
