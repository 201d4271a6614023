package io.sluice.mq.filter;

/**
 * One side of a comparison: a message property (its value is a string, or null when absent) or a
 * literal ({@link Long}, {@link Double}, {@link String} or {@link Boolean}). Immutable.
 */
sealed interface Operand {

    /** The operand's value for a message: a property's string or null, or the literal. */
    Object value(PropertyLookup properties);

    /** A property by name (case-sensitive). */
    record Property(String name) implements Operand {
        @Override
        public Object value(PropertyLookup properties) {
            return properties.get(name);
        }
    }

    /** A constant written in the expression. */
    record Literal(Object constant) implements Operand {
        @Override
        public Object value(PropertyLookup properties) {
            return constant;
        }

        boolean numeric() {
            return constant instanceof Long || constant instanceof Double;
        }
    }
}
