package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import io.sluice.mq.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Body of GET_BROKER_CLUSTER_INFO: every broker group by name and the broker names of each cluster.
 * Immutable.
 *
 * @param brokers broker groups by broker name
 * @param clusters broker names by cluster name
 */
public record ClusterInfo(Map<String, BrokerData> brokers, Map<String, Set<String>> clusters) implements JsonWritable {

    public ClusterInfo {
        brokers = Map.copyOf(brokers);
        clusters = Map.copyOf(clusters);
    }

    /** Parses the body bytes. */
    public static ClusterInfo decode(byte[] body) {
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        Map<String, BrokerData> brokers = new TreeMap<>();
        Map<String, Object> brokerTable = JsonFields.object(json, "brokerAddrTable");
        for (String name : brokerTable.keySet()) {
            brokers.put(name, BrokerData.fromJson(JsonFields.object(brokerTable, name)));
        }
        Map<String, Set<String>> clusters = new TreeMap<>();
        Map<String, Object> clusterTable = JsonFields.object(json, "clusterAddrTable");
        for (String cluster : clusterTable.keySet()) {
            clusters.put(cluster, new TreeSet<>(JsonFields.strings(clusterTable, cluster)));
        }
        return new ClusterInfo(brokers, clusters);
    }

    /** The body bytes. */
    public byte[] encode() {
        return JsonWriter.write(this).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("brokerAddrTable", new TreeMap<>(brokers));
        Map<String, Object> clusterTable = new TreeMap<>();
        clusters.forEach((cluster, names) -> clusterTable.put(cluster, List.copyOf(new TreeSet<>(names))));
        json.put("clusterAddrTable", clusterTable);
        return json;
    }
}
