package io.sluice.mq.filter;

/**
 * The value of a filter condition. Besides SQL's three values there is {@link #INVALID}: a
 * property that cannot be converted for a comparison (e.g. {@code "abc" > 5}). RocketMQ's
 * evaluator throws there and the broker treats the whole expression as not matching, so INVALID
 * absorbs every operator it reaches, except where an operator returned before evaluating it
 * (left-to-right short-circuit, as RocketMQ). Missing properties give {@link #UNKNOWN}, which
 * follows Kleene logic. A message matches only when the expression is {@link #TRUE}.
 */
public enum Truth {
    TRUE,
    FALSE,
    UNKNOWN,
    INVALID;

    static Truth of(boolean value) {
        return value ? TRUE : FALSE;
    }

    Truth not() {
        return switch (this) {
            case TRUE -> FALSE;
            case FALSE -> TRUE;
            default -> this;
        };
    }

    /** Kleene AND of two values, neither of them {@link #INVALID}. */
    static Truth and(Truth left, Truth right) {
        if (left == FALSE || right == FALSE) {
            return FALSE;
        }
        return left == TRUE && right == TRUE ? TRUE : UNKNOWN;
    }

    /** Kleene OR of two values, neither of them {@link #INVALID}. */
    static Truth or(Truth left, Truth right) {
        if (left == TRUE || right == TRUE) {
            return TRUE;
        }
        return left == FALSE && right == FALSE ? FALSE : UNKNOWN;
    }
}
