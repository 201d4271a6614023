package io.sluice.mq.filter;

/**
 * {@code left op right} for {@code = <> < <= > >=}. An absent property gives UNKNOWN. Equality
 * with a number literal and every ordering compare numerically ({@link Numbers}); a property that
 * is not a number then gives INVALID. Equality with TRUE or FALSE reads the property as a boolean
 * ("true" in any case is true, anything else false); otherwise equality compares strings exactly.
 * Immutable and thread-safe.
 *
 * @param operator the comparison
 * @param left left operand
 * @param right right operand
 */
record Comparison(Operator operator, Operand left, Operand right) implements Condition {

    /** The comparison operators. */
    enum Operator {
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE;

        boolean ordering() {
            return this != EQ && this != NE;
        }
    }

    @Override
    public Truth test(PropertyLookup properties) {
        Object l = left.value(properties);
        Object r = right.value(properties);
        if (l == null || r == null) {
            return Truth.UNKNOWN;
        }
        return switch (operator) {
            case EQ -> equal(l, r);
            case NE -> equal(l, r).not();
            default -> order(l, r);
        };
    }

    private Truth order(Object l, Object r) {
        Number ln = Numbers.parse(l);
        Number rn = Numbers.parse(r);
        if (ln == null || rn == null) {
            return Truth.INVALID;
        }
        int c = Numbers.compare(ln, rn);
        return Truth.of(
                switch (operator) {
                    case LT -> c < 0;
                    case LE -> c <= 0;
                    case GT -> c > 0;
                    default -> c >= 0;
                });
    }

    private static Truth equal(Object l, Object r) {
        if (l instanceof Boolean || r instanceof Boolean) {
            return Truth.of(asBoolean(l) == asBoolean(r));
        }
        if (l instanceof Number || r instanceof Number) {
            Number ln = Numbers.parse(l);
            Number rn = Numbers.parse(r);
            return ln == null || rn == null ? Truth.INVALID : Truth.of(Numbers.compare(ln, rn) == 0);
        }
        return Truth.of(l.equals(r));
    }

    private static boolean asBoolean(Object value) {
        return value instanceof Boolean b ? b : "true".equalsIgnoreCase(value.toString());
    }
}
