package io.sluice.serde.avro;

import io.sluice.mq.client.serde.MessagePropertiesSink;
import java.util.HashMap;
import java.util.Map;

/** A {@link MessagePropertiesSink} that keeps what it is given. Not thread-safe. */
final class RecordingSink implements MessagePropertiesSink {
    final Map<String, String> properties = new HashMap<>();

    @Override
    public void put(String key, String value) {
        properties.put(key, value);
    }
}
