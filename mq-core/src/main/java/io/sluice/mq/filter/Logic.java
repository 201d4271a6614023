package io.sluice.mq.filter;

/**
 * AND, OR, NOT, the constants TRUE and FALSE, and a bare property used as a condition. AND and OR
 * evaluate left to right and stop as soon as the left side decides (FALSE for AND, TRUE for OR),
 * as RocketMQ does; see {@link Truth} for UNKNOWN and INVALID. Immutable and thread-safe.
 */
final class Logic {

    private Logic() {}

    record And(Condition left, Condition right) implements Condition {
        @Override
        public Truth test(PropertyLookup properties) {
            Truth l = left.test(properties);
            if (l == Truth.FALSE || l == Truth.INVALID) {
                return l;
            }
            Truth r = right.test(properties);
            return r == Truth.INVALID ? r : Truth.and(l, r);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        @Override
        public Truth test(PropertyLookup properties) {
            Truth l = left.test(properties);
            if (l == Truth.TRUE || l == Truth.INVALID) {
                return l;
            }
            Truth r = right.test(properties);
            return r == Truth.INVALID ? r : Truth.or(l, r);
        }
    }

    record Not(Condition operand) implements Condition {
        @Override
        public Truth test(PropertyLookup properties) {
            return operand.test(properties).not();
        }
    }

    record Constant(Truth value) implements Condition {
        @Override
        public Truth test(PropertyLookup properties) {
            return value;
        }
    }

    /** {@code flag} alone: TRUE when the property reads "true" (any case), UNKNOWN when absent. */
    record PropertyFlag(String name) implements Condition {
        @Override
        public Truth test(PropertyLookup properties) {
            String value = properties.get(name);
            return value == null ? Truth.UNKNOWN : Truth.of("true".equalsIgnoreCase(value));
        }
    }
}
