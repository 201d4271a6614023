package io.sluice.mq.client.internal;

import io.sluice.mq.protocol.body.SubscriptionData;

/**
 * What a consumer subscribed to on a topic, and the client-side re-check of what the broker
 * delivers. TAG: the broker filters by tag hash and may over-deliver on hash collisions, so every
 * message's exact tag is compared here ({@link TagFilter}). SQL92: the broker evaluates the
 * expression exactly on the stored properties, so nothing is re-checked (as in the official
 * clients). Immutable.
 */
public final class ClientFilter {

    private static final ClientFilter ALL = new ClientFilter(SubscriptionData.TAG, "*", TagFilter.of("*"));

    private final String expressionType;
    private final String expression;
    private final TagFilter tags;

    private ClientFilter(String expressionType, String expression, TagFilter tags) {
        this.expressionType = expressionType;
        this.expression = expression;
        this.tags = tags;
    }

    /** Every message. */
    public static ClientFilter all() {
        return ALL;
    }

    /** A TAG expression: {@code *}, blank or null for all; else tags joined by {@code ||}. */
    public static ClientFilter tags(String expression) {
        TagFilter tags = TagFilter.of(expression);
        return tags.matchesAll() ? ALL : new ClientFilter(SubscriptionData.TAG, tags.expression(), tags);
    }

    /** An SQL92 expression the caller has already compiled once (so it is well-formed). */
    public static ClientFilter sql(String expression) {
        return new ClientFilter(SubscriptionData.SQL92, expression, null);
    }

    /** Whether a delivered message with {@code tag} (null when none) is handed to the application. */
    public boolean matches(String tag) {
        return tags == null || tags.matches(tag);
    }

    /** TAG or SQL92, as sent in pulls and heartbeats. */
    public String expressionType() {
        return expressionType;
    }

    /** The expression, normalized for TAG, as sent in pulls and heartbeats. */
    public String expression() {
        return expression;
    }

    /** Whether this is an SQL92 filter (the broker must support it: CHECK_CLIENT_CONFIG). */
    public boolean isSql() {
        return tags == null;
    }

    /** The subscription for heartbeats and CHECK_CLIENT_CONFIG. */
    public SubscriptionData subscription(String topic, long subVersion) {
        return isSql()
                ? SubscriptionData.ofSql(topic, expression, subVersion)
                : SubscriptionData.ofTags(topic, expression, subVersion);
    }

    @Override
    public String toString() {
        return expressionType + ":" + expression;
    }
}
