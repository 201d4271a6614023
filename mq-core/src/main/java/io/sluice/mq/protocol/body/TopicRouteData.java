package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a topic lives: its queues per broker and the brokers' addresses (REMOTING.md 2.1, body of
 * GET_ROUTEINFO_BY_TOPIC). Immutable.
 *
 * @param orderTopicConf "brokerName:queueNum;..." for ordered topics, or null
 * @param queueDatas queues per broker
 * @param brokerDatas the brokers holding them
 */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas)
        implements JsonWritable {

    public TopicRouteData {
        queueDatas = List.copyOf(queueDatas);
        brokerDatas = List.copyOf(brokerDatas);
    }

    /** Parses the body bytes. */
    public static TopicRouteData decode(byte[] body) {
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        List<QueueData> queues = new ArrayList<>();
        for (Map<String, Object> queue : JsonFields.objects(json, "queueDatas")) {
            queues.add(QueueData.fromJson(queue));
        }
        List<BrokerData> brokers = new ArrayList<>();
        for (Map<String, Object> broker : JsonFields.objects(json, "brokerDatas")) {
            brokers.add(BrokerData.fromJson(broker));
        }
        return new TopicRouteData(JsonFields.string(json, "orderTopicConf", null), queues, brokers);
    }

    /** The body bytes. */
    public byte[] encode() {
        return JsonWriter.write(this).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("brokerDatas", brokerDatas);
        json.put("filterServerTable", Map.of());
        json.put("orderTopicConf", orderTopicConf);
        json.put("queueDatas", queueDatas);
        return json;
    }
}
