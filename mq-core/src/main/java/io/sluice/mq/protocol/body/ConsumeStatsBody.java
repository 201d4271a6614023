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
 * {"consumeTps":0.0,"sluiceConsumeTpsWindowMs":..,"offsetTable":{<MessageQueue>:{"brokerOffset":..,
 * "consumerOffset":..,"lastTimestamp":..,"pullOffset":..,"oldestUnconsumedTimestamp":..}}}}. Sluice's
 * additions (the official clients ignore unknown fields): {@code oldestUnconsumedTimestamp}, the
 * store time of the first message not consumed yet (0 when caught up), so a lag in seconds needs no
 * second request; and {@code sluiceConsumeTpsWindowMs}, how long the window {@code consumeTps} was
 * measured over (0: not measured yet), so a tool can tell a measured 0 from no measurement.
 * Immutable.
 *
 * @param consumeTps messages the group pulled per second over the last minute
 * @param tpsWindowMs the window {@code consumeTps} covers; 0 not measured; -1 absent (a RocketMQ
 *     broker, which measures over its own minute)
 * @param queues one entry per queue, sorted
 */
public record ConsumeStatsBody(double consumeTps, long tpsWindowMs, List<Entry> queues) {

    /**
     * Progress of the group on one queue.
     *
     * @param queue the queue
     * @param brokerOffset the queue's next offset to be written
     * @param consumerOffset the group's committed next offset to read (0 if none)
     * @param lastTimestamp store time of the last consumed message (0 if none)
     * @param oldestUnconsumedTimestamp store time of the message at {@code consumerOffset} (0 if
     *     caught up, or absent because the broker is not Sluice)
     * @param pullOffset the next offset the group's last pull was told to read (RocketMQ 5's pull
     *     offset; the committed offset when the broker saw no pull); -1 if absent (RocketMQ 4.x)
     */
    public record Entry(
            MessageQueue queue,
            long brokerOffset,
            long consumerOffset,
            long lastTimestamp,
            long oldestUnconsumedTimestamp,
            long pullOffset) {

        /** Messages handed to the group but not committed yet; -1 if the broker does not say. */
        public long inflight() {
            return pullOffset < 0 ? -1 : Math.max(0, pullOffset - consumerOffset);
        }
    }

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
            wrapper.put("pullOffset", entry.pullOffset());
            wrapper.put("oldestUnconsumedTimestamp", entry.oldestUnconsumedTimestamp());
            table.put(QueueOffsetTable.key(entry.queue()), wrapper);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("consumeTps", consumeTps);
        json.put("sluiceConsumeTpsWindowMs", tpsWindowMs);
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
                    JsonFields.longValue(wrapper, "oldestUnconsumedTimestamp", 0),
                    JsonFields.longValue(wrapper, "pullOffset", -1)));
        }
        queues.sort((a, b) -> a.queue().compareTo(b.queue()));
        Object tps = json.get("consumeTps");
        return new ConsumeStatsBody(
                tps instanceof Number number ? number.doubleValue() : 0,
                JsonFields.longValue(json, "sluiceConsumeTpsWindowMs", -1),
                queues);
    }
}
