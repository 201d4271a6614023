package io.sluice.mq.protocol.body;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of a map keyed by {@link MessageQueue}, as fastjson writes RocketMQ's {@code
 * Map<MessageQueue, V>} fields: each key is the queue's object, not a string ({@code
 * {{"brokerName":"b","queueId":0,"topic":"T"}:value}}). {@link Json} hands such keys back as their
 * compact JSON text, parsed here. Shared by {@link ResetOffsetBody}, {@link ConsumeStatsBody} and
 * {@link TopicStatsBody}. Thread-safe (stateless).
 */
final class QueueOffsetTable {

    private QueueOffsetTable() {}

    /** The queue as the JSON object fastjson writes for it. */
    static Map<String, Object> key(MessageQueue queue) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("brokerName", queue.brokerName());
        json.put("queueId", queue.queueId());
        json.put("topic", queue.topic());
        return json;
    }

    /** Parses a key written by {@link #key} (as text, the form {@link Json} returns object keys in). */
    static MessageQueue parseKey(String key) {
        Map<String, Object> json = Json.parseObject(key);
        return new MessageQueue(
                JsonFields.requireString(json, "topic"),
                JsonFields.requireString(json, "brokerName"),
                JsonFields.intValue(json, "queueId", 0));
    }
}
