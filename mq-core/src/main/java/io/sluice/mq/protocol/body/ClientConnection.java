package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.JsonFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client connection as GET_CONSUMER_CONNECTION_LIST and GET_PRODUCER_CONNECTION_LIST report it
 * (RocketMQ's {@code Connection}): {@code {"clientId":..,"clientAddr":..,"language":"JAVA",
 * "version":..}}. Immutable.
 *
 * @param clientId the client's id
 * @param clientAddr the "ip:port" the broker sees
 * @param language the client's language
 * @param version the client's remoting version
 */
public record ClientConnection(String clientId, String clientAddr, String language, int version) {

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clientAddr", clientAddr);
        json.put("clientId", clientId);
        json.put("language", language);
        json.put("version", version);
        return json;
    }

    static ClientConnection fromJson(Map<String, Object> json) {
        return new ClientConnection(
                JsonFields.string(json, "clientId", ""),
                JsonFields.string(json, "clientAddr", ""),
                JsonFields.string(json, "language", ""),
                JsonFields.intValue(json, "version", 0));
    }

    static List<Object> listToJson(List<ClientConnection> connections) {
        List<Object> json = new ArrayList<>();
        for (ClientConnection connection : connections) {
            json.add(connection.toJson());
        }
        return json;
    }

    static List<ClientConnection> listFromJson(List<Map<String, Object>> json) {
        List<ClientConnection> connections = new ArrayList<>();
        for (Map<String, Object> element : json) {
            connections.add(fromJson(element));
        }
        connections.sort((a, b) -> a.clientId().compareTo(b.clientId()));
        return connections;
    }
}
