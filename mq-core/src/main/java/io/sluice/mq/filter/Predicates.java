package io.sluice.mq.filter;

import java.util.Set;

/**
 * The property predicates: BETWEEN, IN, IS NULL and the string tests CONTAINS, STARTSWITH and
 * ENDSWITH, each with its NOT form. Immutable and thread-safe.
 */
final class Predicates {

    private Predicates() {}

    /**
     * {@code value [NOT] BETWEEN low AND high}, bounds inclusive and numeric: UNKNOWN when the
     * property is absent, INVALID when it is not a number.
     */
    record Between(Operand value, Number low, Number high, boolean negated) implements Condition {
        @Override
        public Truth test(PropertyLookup properties) {
            Object raw = value.value(properties);
            if (raw == null) {
                return Truth.UNKNOWN;
            }
            Number number = Numbers.parse(raw);
            if (number == null) {
                return Truth.INVALID;
            }
            boolean inside = Numbers.compare(number, low) >= 0 && Numbers.compare(number, high) <= 0;
            return Truth.of(inside != negated);
        }
    }

    /** {@code name [NOT] IN ('a', 'b')}: exact string membership; UNKNOWN when absent. */
    record In(String name, Set<String> values, boolean negated) implements Condition {
        @Override
        public Truth test(PropertyLookup properties) {
            String value = properties.get(name);
            return value == null ? Truth.UNKNOWN : Truth.of(values.contains(value) != negated);
        }
    }

    /** {@code name IS [NOT] NULL}: whether the message has the property. */
    record IsNull(String name, boolean negated) implements Condition {
        @Override
        public Truth test(PropertyLookup properties) {
            return Truth.of((properties.get(name) == null) != negated);
        }
    }

    /** The string tests. */
    enum TextTest {
        CONTAINS,
        STARTSWITH,
        ENDSWITH
    }

    /**
     * {@code name [NOT] CONTAINS|STARTSWITH|ENDSWITH 'text'}. As in RocketMQ, an absent property or
     * an empty {@code text} makes the test FALSE in both its plain and its NOT form.
     */
    record Text(TextTest test, String name, String text, boolean negated) implements Condition {
        @Override
        public Truth test(PropertyLookup properties) {
            String value = properties.get(name);
            if (value == null || text.isEmpty()) {
                return Truth.FALSE;
            }
            boolean found =
                    switch (test) {
                        case CONTAINS -> value.contains(text);
                        case STARTSWITH -> value.startsWith(text);
                        case ENDSWITH -> value.endsWith(text);
                    };
            return Truth.of(found != negated);
        }
    }
}
