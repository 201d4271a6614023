package io.sluice.mq.filter;

/**
 * A filter expression that cannot be compiled, with the position of the error: the 0-based index
 * of the offending character in the expression (its length when the expression ended too early).
 * Immutable.
 */
public final class FilterSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String expression;
    private final int position;
    private final String reason;

    public FilterSyntaxException(String expression, int position, String reason) {
        super("SQL92 expression invalid at position " + position + ": " + reason + " in \"" + expression + "\"");
        this.expression = expression;
        this.position = position;
        this.reason = reason;
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /** 0-based index of the character where the error was found. */
    public int position() {
        return position;
    }

    /** What is wrong, without the position and expression. */
    public String reason() {
        return reason;
    }
}
