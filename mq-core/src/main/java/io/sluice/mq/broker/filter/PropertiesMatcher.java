package io.sluice.mq.broker.filter;

import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.filter.SqlFilter;
import java.util.function.Predicate;

/**
 * Tests a stored record's properties string ({@code key 0x01 value 0x02 ...}, REMOTING.md 3.3)
 * against a compiled SQL92 filter. Each property the expression names is looked up in the string
 * as it is, without building a map: expressions name few properties and records carry few.
 * User properties and the system ones ({@code TAGS}, {@code KEYS}, ...) share one namespace, as in
 * RocketMQ. Immutable and thread-safe.
 */
final class PropertiesMatcher implements Predicate<String> {

    private final SqlFilter filter;

    PropertiesMatcher(SqlFilter filter) {
        this.filter = filter;
    }

    @Override
    public boolean test(String properties) {
        return filter.matches(name -> MessageProperties.find(properties, name));
    }

    @Override
    public String toString() {
        return filter.expression();
    }
}
