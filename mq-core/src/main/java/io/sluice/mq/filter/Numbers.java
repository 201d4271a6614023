package io.sluice.mq.filter;

/**
 * Numbers in filter comparisons. Property values are strings; a comparison with a number reads them
 * as a {@link Long} when they are a plain integer, else as a {@link Double} when they are a decimal
 * ({@code -2.5}, {@code 1e3}); anything else (blank, {@code 0x10}, {@code NaN}, surrounding spaces)
 * is not a number. Stateless and thread-safe.
 */
final class Numbers {

    private Numbers() {}

    /** {@code value} as a Long or Double, or null when it is not a number. */
    static Number parse(Object value) {
        if (value instanceof Number number) {
            return number;
        }
        if (!(value instanceof String text) || !wellFormed(text)) {
            return null;
        }
        boolean integer = text.chars().allMatch(c -> Character.isDigit(c) || c == '-' || c == '+');
        try {
            return integer ? Long.valueOf(text) : Double.valueOf(text);
        } catch (NumberFormatException e) { // an integer beyond the long range: compare as a double
            return Double.valueOf(text);
        }
    }

    /** Sign, digits, optional fraction, optional exponent; at least one digit before the exponent. */
    private static boolean wellFormed(String text) {
        int at = 0;
        int length = text.length();
        if (at < length && (text.charAt(at) == '-' || text.charAt(at) == '+')) {
            at++;
        }
        int digits = 0;
        while (at < length && Character.isDigit(text.charAt(at))) {
            at++;
            digits++;
        }
        if (at < length && text.charAt(at) == '.') {
            at++;
            while (at < length && Character.isDigit(text.charAt(at))) {
                at++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (at < length && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (at < length && (text.charAt(at) == '-' || text.charAt(at) == '+')) {
                at++;
            }
            int exponentDigits = 0;
            while (at < length && Character.isDigit(text.charAt(at))) {
                at++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return at == length;
    }

    /** Compares two numbers exactly when both are longs, else as doubles. */
    static int compare(Number left, Number right) {
        if (left instanceof Long l && right instanceof Long r) {
            return Long.compare(l, r);
        }
        return Double.compare(left.doubleValue(), right.doubleValue());
    }
}
