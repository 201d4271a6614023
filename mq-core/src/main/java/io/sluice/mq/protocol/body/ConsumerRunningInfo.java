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
 * Body of a consumer's answer to GET_CONSUMER_RUNNING_INFO (307), RocketMQ's {@code
 * ConsumerRunningInfo}, reduced to what an admin tool reads: {@code {"properties":{"k":"v"},
 * "mqTable":{<MessageQueue>:{"commitOffset":..,"cachedMsgCount":..,..}}}} — the client's settings
 * and the queues it holds now. {@code mqTable} keys are queue objects, as fastjson writes {@code
 * Map<MessageQueue, ProcessQueueInfo>} ({@link QueueOffsetTable}); other fields the official
 * clients send ({@code subscriptionSet}, {@code statusTable}, {@code jstack}, ...) are skipped on
 * decode and not written. Immutable.
 *
 * @param properties the client's settings by RocketMQ's property names (e.g. {@code
 *     PROP_CONSUME_TYPE}, {@code PROP_CLIENT_VERSION})
 * @param queues the queues the client holds, with what it knows of each
 */
public record ConsumerRunningInfo(Map<String, String> properties, Map<MessageQueue, QueueInfo> queues) {

    /**
     * What a consumer knows of one queue it holds (RocketMQ's {@code ProcessQueueInfo}, two of its
     * fields).
     *
     * @param commitOffset the offset the client will commit next (its consume position), -1 unknown
     * @param cachedMessages messages pulled and not yet consumed, held in the client
     */
    public record QueueInfo(long commitOffset, long cachedMessages) {}

    public ConsumerRunningInfo {
        properties = Map.copyOf(properties);
        queues = Map.copyOf(new TreeMap<>(queues));
    }

    public byte[] encode() {
        Map<Object, Object> table = new LinkedHashMap<>();
        for (Map.Entry<MessageQueue, QueueInfo> entry : new TreeMap<>(queues).entrySet()) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("commitOffset", entry.getValue().commitOffset());
            info.put("cachedMsgCount", entry.getValue().cachedMessages());
            table.put(QueueOffsetTable.key(entry.getKey()), info);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("properties", new TreeMap<>(properties));
        json.put("mqTable", table);
        return JsonWriter.write(json).getBytes(StandardCharsets.UTF_8);
    }

    public static ConsumerRunningInfo decode(byte[] body) {
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        Map<String, String> properties = new TreeMap<>();
        JsonFields.object(json, "properties").forEach((key, value) -> properties.put(key, String.valueOf(value)));
        Map<String, Object> table = JsonFields.object(json, "mqTable");
        Map<MessageQueue, QueueInfo> queues = new TreeMap<>();
        for (String key : table.keySet()) {
            Map<String, Object> info = JsonFields.object(table, key);
            queues.put(
                    QueueOffsetTable.parseKey(key),
                    new QueueInfo(
                            JsonFields.longValue(info, "commitOffset", -1),
                            JsonFields.longValue(info, "cachedMsgCount", 0)));
        }
        return new ConsumerRunningInfo(properties, queues);
    }
}
