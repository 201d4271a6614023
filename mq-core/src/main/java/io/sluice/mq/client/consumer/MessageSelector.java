package io.sluice.mq.client.consumer;

import io.sluice.mq.client.InvalidSubscriptionException;
import io.sluice.mq.client.internal.ClientFilter;
import io.sluice.mq.filter.FilterSyntaxException;
import io.sluice.mq.filter.SqlFilter;

/**
 * Which messages of a topic a consumer reads, as in RocketMQ's {@code MessageSelector}: {@link
 * #byTag} ({@code *}, or tags joined by {@code ||}) or {@link #bySql}, an SQL92 condition over the
 * message properties (user properties, and the tag as {@code TAGS}) that the broker evaluates, e.g.
 * {@code "TAGS IN ('a', 'b') AND price > 5"}. Immutable.
 */
public final class MessageSelector {

    private final ClientFilter filter;

    private MessageSelector(ClientFilter filter) {
        this.filter = filter;
    }

    /** A TAG selector; null, blank or {@code *} selects every message. */
    public static MessageSelector byTag(String tagExpression) {
        return new MessageSelector(ClientFilter.tags(tagExpression));
    }

    /**
     * An SQL92 selector, compiled now so that a malformed expression fails here.
     *
     * @throws InvalidSubscriptionException naming the position of the error
     */
    public static MessageSelector bySql(String sqlExpression) {
        try {
            SqlFilter.compile(sqlExpression);
        } catch (FilterSyntaxException e) {
            throw new InvalidSubscriptionException(e);
        }
        return new MessageSelector(ClientFilter.sql(sqlExpression));
    }

    /** {@code TAG} or {@code SQL92}. */
    public String expressionType() {
        return filter.expressionType();
    }

    /** The expression (a TAG expression normalized). */
    public String expression() {
        return filter.expression();
    }

    ClientFilter filter() {
        return filter;
    }

    @Override
    public String toString() {
        return filter.toString();
    }
}
