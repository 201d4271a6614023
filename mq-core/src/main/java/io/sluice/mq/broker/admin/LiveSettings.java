package io.sluice.mq.broker.admin;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.broker.BrokerConfigKeys;
import io.sluice.mq.broker.client.SubscriptionGroups;
import io.sluice.mq.broker.topic.TopicAutoCreator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The broker's configuration as GET_BROKER_CONFIG shows it, and the keys UPDATE_BROKER_CONFIG may
 * change while the broker serves. Only keys whose component reads them on every use are live:
 * {@code autoCreateTopicEnable} (TBW102 is added or removed at once) and {@code
 * autoCreateSubscriptionGroup}. Everything else (ports, paths, pools, flush mode, sizes) is fixed
 * at start: changing it needs a restart, so an update naming one is refused whole, naming the key.
 * Changes are not written to {@code broker.conf}; a restart returns to the file's values.
 *
 * <p>Thread-safe: updates serialize on this object.
 */
final class LiveSettings {

    /** Why an update was refused. */
    enum Refusal {
        UNKNOWN_KEY,
        NOT_LIVE,
        BAD_VALUE
    }

    /** A refused update: the reason and a message naming the key. */
    record Rejected(Refusal reason, String message) {}

    private final Map<String, String> current;
    private final Map<String, Consumer<String>> live = new LinkedHashMap<>();

    LiveSettings(BrokerConfig config, TopicAutoCreator topics, SubscriptionGroups groups) {
        this.current = new LinkedHashMap<>(BrokerConfigView.of(config));
        live.put(
                BrokerConfigKeys.AUTO_CREATE_TOPIC_ENABLE,
                value -> topics.autoCreateTopicEnable(Boolean.parseBoolean(value)));
        live.put(
                BrokerConfigKeys.AUTO_CREATE_SUBSCRIPTION_GROUP,
                value -> groups.autoCreate(Boolean.parseBoolean(value)));
    }

    /** Every key and its value now. */
    synchronized Map<String, String> snapshot() {
        return new LinkedHashMap<>(current);
    }

    /** The keys that may change at run time. */
    Set<String> liveKeys() {
        return new TreeSet<>(live.keySet());
    }

    /**
     * Applies {@code updates} if every key is live and every value valid; otherwise changes nothing.
     *
     * @return null when applied, else why not
     */
    synchronized Rejected update(Map<String, String> updates) {
        for (Map.Entry<String, String> entry : updates.entrySet()) {
            Rejected rejected = check(entry.getKey(), entry.getValue().trim());
            if (rejected != null) {
                return rejected;
            }
        }
        for (Map.Entry<String, String> entry : updates.entrySet()) {
            String value = entry.getValue().trim();
            live.get(entry.getKey()).accept(value);
            current.put(entry.getKey(), value);
        }
        return null;
    }

    private Rejected check(String key, String value) {
        if (!current.containsKey(key)) {
            return new Rejected(Refusal.UNKNOWN_KEY, "unknown broker config key " + key);
        }
        if (!live.containsKey(key)) {
            return new Rejected(
                    Refusal.NOT_LIVE,
                    "broker config key " + key + " cannot be changed at run time (restart with it in broker.conf);"
                            + " keys that can: " + liveKeys());
        }
        if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
            return new Rejected(
                    Refusal.BAD_VALUE, "broker config key " + key + " takes true or false, not '" + value + "'");
        }
        return null;
    }
}
