package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Body of an uncompressed REGISTER_BROKER (REMOTING.md 2.2): the broker's topic table and its
 * (always empty) filter-server list. Compressed bodies are not supported; a broker sends them only
 * with {@code compressedRegister=true}.
 */
public final class RegisterBrokerBody {

    private RegisterBrokerBody() {}

    /** The body bytes for {@code table}. */
    public static byte[] encode(TopicConfigTable table) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("filterServerList", List.of());
        json.put("topicConfigSerializeWrapper", table);
        return JsonWriter.write(json).getBytes(StandardCharsets.UTF_8);
    }

    /** The topic table inside the body bytes. */
    public static TopicConfigTable decode(byte[] body) {
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        return TopicConfigTable.fromJson(JsonFields.object(json, "topicConfigSerializeWrapper"));
    }
}
