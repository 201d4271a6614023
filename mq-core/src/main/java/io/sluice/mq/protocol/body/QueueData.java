package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A topic's queues on one broker, as the nameserver reports them (REMOTING.md 2.1).
 *
 * @param brokerName the broker
 * @param readQueueNums queues consumers read
 * @param writeQueueNums queues producers write
 * @param perm {@link Permission} bits
 * @param topicSysFlag unit flags, 0 normally
 */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag)
        implements JsonWritable {

    /** Parses the JSON object. */
    public static QueueData fromJson(Map<String, Object> json) {
        return new QueueData(
                JsonFields.requireString(json, "brokerName"),
                JsonFields.intValue(json, "readQueueNums", 0),
                JsonFields.intValue(json, "writeQueueNums", 0),
                JsonFields.intValue(json, "perm", 0),
                JsonFields.intValue(json, "topicSysFlag", 0));
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("brokerName", brokerName);
        json.put("perm", perm);
        json.put("readQueueNums", readQueueNums);
        json.put("topicSysFlag", topicSysFlag);
        json.put("writeQueueNums", writeQueueNums);
        return json;
    }
}
