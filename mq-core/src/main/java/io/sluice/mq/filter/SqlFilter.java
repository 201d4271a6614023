package io.sluice.mq.filter;

/**
 * A compiled SQL92 filter expression (RocketMQ's {@code MessageSelector.bySql}). Compile once with
 * {@link #compile}, which rejects a malformed expression with the position of the error; then
 * {@link #matches} any number of messages, from any number of threads. Matching never throws: an
 * absent property makes its comparison UNKNOWN and a property of the wrong type (e.g. {@code 'abc'
 * > 5}) makes the whole expression not match, as in RocketMQ ({@link Truth}).
 *
 * <p>Immutable and thread-safe.
 */
public final class SqlFilter {

    /** Longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 16 * 1024;

    private final String expression;
    private final Condition condition;

    private SqlFilter(String expression, Condition condition) {
        this.expression = expression;
        this.condition = condition;
    }

    /**
     * Compiles {@code expression}.
     *
     * @throws FilterSyntaxException naming the 0-based position of the first error
     */
    public static SqlFilter compile(String expression) {
        if (expression == null) {
            throw new FilterSyntaxException("", 0, "expression is missing");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new FilterSyntaxException(
                    expression.substring(0, 64) + "...", MAX_LENGTH, "longer than " + MAX_LENGTH + " characters");
        }
        return new SqlFilter(expression, SqlParser.parse(expression));
    }

    /** Whether a message with {@code properties} passes: the expression is TRUE for it. */
    public boolean matches(PropertyLookup properties) {
        return condition.test(properties) == Truth.TRUE;
    }

    /** The expression's value for a message (tests and diagnostics). */
    public Truth evaluate(PropertyLookup properties) {
        return condition.test(properties);
    }

    /** The expression as compiled. */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }
}
