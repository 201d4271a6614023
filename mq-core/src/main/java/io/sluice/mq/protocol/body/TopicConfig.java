package io.sluice.mq.protocol.body;

import io.sluice.mq.common.Checks;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A topic's configuration on one broker (REMOTING.md 2.10). Immutable.
 *
 * @param topicName the topic
 * @param readQueueNums queues consumers read, at least 1
 * @param writeQueueNums queues producers write, at least 1
 * @param perm {@link Permission} bits
 * @param filterType SINGLE_TAG or MULTI_TAG
 * @param topicSysFlag unit flags, 0 normally
 * @param order whether the topic is ordered
 */
public record TopicConfig(
        String topicName,
        int readQueueNums,
        int writeQueueNums,
        int perm,
        String filterType,
        int topicSysFlag,
        boolean order)
        implements JsonWritable {

    /** Filter type of ordinary topics. */
    public static final String SINGLE_TAG = "SINGLE_TAG";

    public TopicConfig {
        Checks.notNull(topicName, "topicName");
        Checks.argument(readQueueNums >= 0, "readQueueNums must be >= 0, was %s", readQueueNums);
        Checks.argument(writeQueueNums >= 0, "writeQueueNums must be >= 0, was %s", writeQueueNums);
        filterType = filterType == null ? SINGLE_TAG : filterType;
    }

    /** A read-write, unordered topic with {@code queues} read and write queues. */
    public static TopicConfig of(String topic, int queues) {
        return new TopicConfig(topic, queues, queues, Permission.READ_WRITE, SINGLE_TAG, 0, false);
    }

    /** A copy with different permissions. */
    public TopicConfig withPerm(int newPerm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, newPerm, filterType, topicSysFlag, order);
    }

    /** The larger of read and write queue counts: every queue id below it exists. */
    public int queueCount() {
        return Math.max(readQueueNums, writeQueueNums);
    }

    /** Parses the JSON object. */
    public static TopicConfig fromJson(Map<String, Object> json) {
        return new TopicConfig(
                JsonFields.requireString(json, "topicName"),
                JsonFields.intValue(json, "readQueueNums", 0),
                JsonFields.intValue(json, "writeQueueNums", 0),
                JsonFields.intValue(json, "perm", Permission.READ_WRITE),
                JsonFields.string(json, "topicFilterType", SINGLE_TAG),
                JsonFields.intValue(json, "topicSysFlag", 0),
                JsonFields.booleanValue(json, "order", false));
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attributes", Map.of());
        json.put("order", order);
        json.put("perm", perm);
        json.put("readQueueNums", readQueueNums);
        json.put("topicFilterType", filterType);
        json.put("topicName", topicName);
        json.put("topicSysFlag", topicSysFlag);
        json.put("writeQueueNums", writeQueueNums);
        return json;
    }
}
