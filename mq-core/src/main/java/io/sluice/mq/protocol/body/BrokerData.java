package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One broker group: its cluster, name and the addresses of its members by broker id (0 is the
 * master). Map keys are written quoted; unquoted numeric keys from fastjson peers are read too.
 *
 * @param cluster the cluster name
 * @param brokerName the broker group's name
 * @param brokerAddrs "ip:port" by broker id
 */
public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) implements JsonWritable {

    /** Broker id of the master. */
    public static final long MASTER_ID = 0L;

    public BrokerData {
        brokerAddrs = Map.copyOf(brokerAddrs);
    }

    /** The master's address, or null if the group has no master now. */
    public String masterAddress() {
        return brokerAddrs.get(MASTER_ID);
    }

    /** Parses the JSON object. */
    public static BrokerData fromJson(Map<String, Object> json) {
        Map<Long, String> addresses = new TreeMap<>();
        JsonFields.object(json, "brokerAddrs").forEach((id, address) -> {
            try {
                addresses.put(Long.parseLong(id), String.valueOf(address));
            } catch (NumberFormatException e) {
                throw new io.sluice.mq.protocol.ProtocolException("broker id '" + id + "' is not a number", e);
            }
        });
        return new BrokerData(
                JsonFields.string(json, "cluster", ""), JsonFields.requireString(json, "brokerName"), addresses);
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("brokerAddrs", new TreeMap<>(brokerAddrs));
        json.put("brokerName", brokerName);
        json.put("cluster", cluster);
        json.put("enableActingMaster", false);
        return json;
    }
}
