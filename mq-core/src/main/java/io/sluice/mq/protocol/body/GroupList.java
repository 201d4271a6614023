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
 * Body of the QUERY_TOPIC_CONSUME_BY_WHO (300) response: {@code {"groupList":["g1","g2"]}}
 * (RocketMQ's {@code GroupList}). Thread-safe (stateless).
 */
public final class GroupList {

    private GroupList() {}

    /** The body bytes, groups sorted. */
    public static byte[] encode(Set<String> groups) {
        return JsonWriter.write(Map.of("groupList", List.copyOf(new TreeSet<>(groups))))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Parses the body bytes; an absent list is empty. */
    public static Set<String> decode(byte[] body) {
        return new TreeSet<>(
                JsonFields.strings(Json.parseObject(new String(body, StandardCharsets.UTF_8)), "groupList"));
    }
}
