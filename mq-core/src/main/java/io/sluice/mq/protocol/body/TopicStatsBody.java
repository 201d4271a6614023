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
 * Body of the GET_TOPIC_STATS_INFO (202) response, RocketMQ's {@code TopicStatsTable}: {@code
 * {"offsetTable":{<MessageQueue>:{"minOffset":..,"maxOffset":..,"lastUpdateTimestamp":..}}}}.
 * Immutable.
 *
 * @param queues one entry per queue
 */
public record TopicStatsBody(List<Entry> queues) {

    /**
     * One queue's extent.
     *
     * @param queue the queue
     * @param minOffset smallest readable offset
     * @param maxOffset next offset to be written
     * @param lastUpdateTimestamp store time of the newest message (0 if empty)
     */
    public record Entry(MessageQueue queue, long minOffset, long maxOffset, long lastUpdateTimestamp) {}

    public TopicStatsBody {
        queues = List.copyOf(queues);
    }

    public byte[] encode() {
        Map<Object, Object> table = new LinkedHashMap<>();
        for (Entry entry : queues) {
            Map<String, Object> offsets = new LinkedHashMap<>();
            offsets.put("minOffset", entry.minOffset());
            offsets.put("maxOffset", entry.maxOffset());
            offsets.put("lastUpdateTimestamp", entry.lastUpdateTimestamp());
            table.put(QueueOffsetTable.key(entry.queue()), offsets);
        }
        return JsonWriter.write(Map.of("offsetTable", table)).getBytes(StandardCharsets.UTF_8);
    }

    public static TopicStatsBody decode(byte[] body) {
        Map<String, Object> table =
                JsonFields.object(Json.parseObject(new String(body, StandardCharsets.UTF_8)), "offsetTable");
        List<Entry> queues = new ArrayList<>();
        for (String key : table.keySet()) {
            Map<String, Object> offsets = JsonFields.object(table, key);
            queues.add(new Entry(
                    QueueOffsetTable.parseKey(key),
                    JsonFields.longValue(offsets, "minOffset", 0),
                    JsonFields.longValue(offsets, "maxOffset", 0),
                    JsonFields.longValue(offsets, "lastUpdateTimestamp", 0)));
        }
        queues.sort((a, b) -> a.queue().compareTo(b.queue()));
        return new TopicStatsBody(queues);
    }
}
