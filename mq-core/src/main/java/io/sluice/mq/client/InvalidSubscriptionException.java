package io.sluice.mq.client;

import io.sluice.mq.filter.FilterSyntaxException;

/**
 * A subscription expression was refused: malformed SQL92 found by this client (response code
 * {@link ResponseError#LOCAL}, with the 0-based {@link #position()} of the error), or refused by
 * the broker with SUBSCRIPTION_PARSE_FAILED (23), whose remark names the position. Retrying the
 * same expression never helps. Immutable.
 */
public final class InvalidSubscriptionException extends ClientException {

    private static final long serialVersionUID = 1L;

    private final String expression;
    private final int position;

    /** The expression failed to compile in this client. */
    public InvalidSubscriptionException(FilterSyntaxException cause) {
        super(cause.getMessage(), cause);
        this.expression = cause.expression();
        this.position = cause.position();
    }

    /** The broker at {@code address} refused {@code expression} with {@code responseCode}. */
    public InvalidSubscriptionException(String expression, int responseCode, String remark, String address) {
        super(
                "subscription \"" + expression + "\" refused by " + address + ": " + remark,
                responseCode,
                remark,
                address);
        this.expression = expression;
        this.position = -1;
    }

    /** The refused expression. */
    public String expression() {
        return expression;
    }

    /** 0-based index of the error in {@link #expression()}; -1 when the broker found it (see the remark). */
    public int position() {
        return position;
    }
}
