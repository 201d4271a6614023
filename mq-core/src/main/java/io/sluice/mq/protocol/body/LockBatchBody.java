package io.sluice.mq.protocol.body;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bodies of LOCK_BATCH_MQ / UNLOCK_BATCH_MQ requests and the lock response (REMOTING.md 2.9).
 *
 * @param consumerGroup the group asking
 * @param clientId the client asking
 * @param queues the queues to lock or unlock
 */
public record LockBatchBody(String consumerGroup, String clientId, Set<MessageQueue> queues) {

    public LockBatchBody {
        queues = Set.copyOf(queues);
    }

    public static LockBatchBody decode(byte[] body) {
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        return new LockBatchBody(
                JsonFields.requireString(json, "consumerGroup"),
                JsonFields.requireString(json, "clientId"),
                queuesFromJson(json, "mqSet"));
    }

    public byte[] encode() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clientId", clientId);
        json.put("consumerGroup", consumerGroup);
        json.put("mqSet", queuesToJson(queues));
        json.put("onlyThisBroker", false);
        return JsonWriter.write(json).getBytes(StandardCharsets.UTF_8);
    }

    /** The lock response body {@code {"lockOKMQSet":[...]}}. */
    public static byte[] encodeLocked(Set<MessageQueue> locked) {
        return JsonWriter.write(Map.of("lockOKMQSet", queuesToJson(locked))).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a lock response body. */
    public static Set<MessageQueue> decodeLocked(byte[] body) {
        return queuesFromJson(Json.parseObject(new String(body, StandardCharsets.UTF_8)), "lockOKMQSet");
    }

    static List<Object> queuesToJson(Set<MessageQueue> queues) {
        List<Object> json = new ArrayList<>();
        for (MessageQueue queue : queues) {
            Map<String, Object> element = new LinkedHashMap<>();
            element.put("brokerName", queue.brokerName());
            element.put("queueId", queue.queueId());
            element.put("topic", queue.topic());
            json.add(element);
        }
        return json;
    }

    static Set<MessageQueue> queuesFromJson(Map<String, Object> json, String key) {
        Set<MessageQueue> queues = new LinkedHashSet<>();
        for (Map<String, Object> element : JsonFields.objects(json, key)) {
            queues.add(new MessageQueue(
                    JsonFields.requireString(element, "topic"),
                    JsonFields.requireString(element, "brokerName"),
                    JsonFields.intValue(element, "queueId", 0)));
        }
        return queues;
    }
}
