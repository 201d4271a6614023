package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Body of a GET_CONSUMER_LIST_BY_GROUP response: {@code {"consumerIdList":[...]}}. */
public final class ConsumerIdList {

    private ConsumerIdList() {}

    public static byte[] encode(List<String> clientIds) {
        return JsonWriter.write(Map.of("consumerIdList", clientIds)).getBytes(StandardCharsets.UTF_8);
    }

    public static List<String> decode(byte[] body) {
        return JsonFields.strings(Json.parseObject(new String(body, StandardCharsets.UTF_8)), "consumerIdList");
    }
}
