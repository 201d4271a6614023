package io.sluice.mq.protocol.body;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Body of the GET_CONSUME_STATS (208) response, RocketMQ's {@code ConsumeStats}: {@code
 * {"consumeTps":0.0,"offsetTable":{<MessageQueue>:{"brokerOffset":..,"consumerOffset":..,
 * "lastTimestamp":..,"pullOffset":..,"oldestUnconsumedTimestamp":..}}}}. {@code
 * oldestUnconsumedTimestamp} is Sluice's addition (the official clients ignore unknown fields): the
 * store time of the first message not consumed yet, 0 when the group is caught up, so a lag in
 * seconds needs no second request. Immutable.
 *
 * @param consumeTps messages consumed per second (Sluice does not measure it: always 0)
 * @param queues one entry per queue, sorted
 */
public record ConsumeStatsBody(double consumeTps, List<Entry> queues) {

    /**
     * Progress of the group on one queue.
     *
     * @param queue the queue
     * @param brokerOffset the queue's next offset to be written
     * @param consumerOffset the group's committed next offset to read (0 if none)
     * @param lastTimestamp store time of the last consumed message (0 if none)
     * @param oldestUnconsumedTimestamp store time of the message at {@code consumerOffset} (0 if
     *     caught up, or absent because the broker is not Sluice)
     */
    public record Entry(
            MessageQueue queue,
            long brokerOffset,
            long consumerOffset,
            long lastTimestamp,
            long oldestUnconsumedTimestamp) {}

    public ConsumeStatsBody {
        queues = List.copyOf(queues);
    }

    public byte[] encode() {
        Map<Object, Object> table = new LinkedHashMap<>();
        for (Entry entry : queues) {
            Map<String, Object> wrapper = new LinkedHashMap<>();
            wrapper.put("brokerOffset", entry.brokerOffset());
            wrapper.put("consumerOffset", entry.consumerOffset());
            wrapper.put("lastTimestamp", entry.lastTimestamp());
            wrapper.put("pullOffset", entry.consumerOffset());
            wrapper.put("oldestUnconsumedTimestamp", entry.oldestUnconsumedTimestamp());
            table.put(QueueOffsetTable.key(entry.queue()), wrapper);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("consumeTps", consumeTps);
        json.put("offsetTable", table);
        return JsonWriter.write(json).getBytes(StandardCharsets.UTF_8);
    }

    public static ConsumeStatsBody decode(byte[] body) {
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        Map<String, Object> table = JsonFields.object(json, "offsetTable");
        List<Entry> queues = new ArrayList<>();
        for (Map.Entry<String, Object> element : table.entrySet()) {
            Map<String, Object> wrapper = JsonFields.object(table, element.getKey());
            queues.add(new Entry(
                    QueueOffsetTable.parseKey(element.getKey()),
                    JsonFields.longValue(wrapper, "brokerOffset", 0),
                    JsonFields.longValue(wrapper, "consumerOffset", 0),
                    JsonFields.longValue(wrapper, "lastTimestamp", 0),
                    JsonFields.longValue(wrapper, "oldestUnconsumedTimestamp", 0)));
        }
        queues.sort((a, b) -> a.queue().compareTo(b.queue()));
        Object tps = json.get("consumeTps");
        return new ConsumeStatsBody(tps instanceof Number number ? number.doubleValue() : 0, queues);
    }
}
