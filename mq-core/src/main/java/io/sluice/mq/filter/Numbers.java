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
        int at = skipSign(text, 0);
        int integerEnd = skipDigits(text, at);
        int digits = integerEnd - at;
        at = integerEnd;
        if (at < text.length() && text.charAt(at) == '.') {
            int fractionEnd = skipDigits(text, at + 1);
            digits += fractionEnd - at - 1;
            at = fractionEnd;
        }
        if (digits == 0) {
            return false;
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            int exponentStart = skipSign(text, at + 1);
            at = skipDigits(text, exponentStart);
            if (at == exponentStart) {
                return false;
            }
        }
        return at == text.length();
    }

    private static int skipSign(String text, int at) {
        return at < text.length() && (text.charAt(at) == '-' || text.charAt(at) == '+') ? at + 1 : at;
    }

    private static int skipDigits(String text, int from) {
        int at = from;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        return at;
    }

    /** Compares two numbers exactly when both are longs, else as doubles. */
    static int compare(Number left, Number right) {
        if (left instanceof Long l && right instanceof Long r) {
            return Long.compare(l, r);
        }
        return Double.compare(left.doubleValue(), right.doubleValue());
    }
}
