package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Body of GET_ALL_TOPIC_LIST_FROM_NAMESERVER: {@code {"topicList":[...]}} (RocketMQ's {@code
 * TopicList}; its {@code brokerAddr} is always null and so omitted). Thread-safe (stateless).
 */
public final class TopicList {

    private TopicList() {}

    /** The body bytes, topics sorted. */
    public static byte[] encode(Set<String> topics) {
        return JsonWriter.write(Map.of("topicList", List.copyOf(new TreeSet<>(topics))))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Parses the body bytes. */
    public static Set<String> decode(byte[] body) {
        return new TreeSet<>(
                JsonFields.strings(Json.parseObject(new String(body, StandardCharsets.UTF_8)), "topicList"));
    }
}
