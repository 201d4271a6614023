package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Body of the GET_PRODUCER_CONNECTION_LIST (204) response, RocketMQ's {@code ProducerConnection}:
 * {@code {"connectionSet":[<ClientConnection>,...]}}. Immutable.
 *
 * @param connections the producer group's live connections, sorted by client id
 */
public record ProducerConnectionBody(List<ClientConnection> connections) {

    public ProducerConnectionBody {
        connections = List.copyOf(connections);
    }

    public byte[] encode() {
        return JsonWriter.write(Map.of("connectionSet", ClientConnection.listToJson(connections)))
                .getBytes(StandardCharsets.UTF_8);
    }

    public static ProducerConnectionBody decode(byte[] body) {
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        return new ProducerConnectionBody(ClientConnection.listFromJson(JsonFields.objects(json, "connectionSet")));
    }
}
