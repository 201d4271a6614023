package io.sluice.mq.client.internal;

import io.sluice.mq.protocol.body.SubscriptionData;
import java.util.Set;

/**
 * Client-side re-check of TAG subscriptions: the broker filters by tag hash and may over-deliver
 * on hash collisions, so the client compares the exact tag (REMOTING.md 2.4). Immutable.
 */
public final class TagFilter {

    private static final TagFilter ALL = new TagFilter(Set.of(), "*");

    private final Set<String> tags;
    private final String expression;

    private TagFilter(Set<String> tags, String expression) {
        this.tags = tags;
        this.expression = expression;
    }

    /** The filter of a TAG expression: {@code *}, blank or null match all; else tags joined by {@code ||}. */
    public static TagFilter of(String expression) {
        SubscriptionData parsed = SubscriptionData.ofTags("-", expression, 0);
        return parsed.matchesAll() ? ALL : new TagFilter(parsed.tags(), parsed.expression());
    }

    /** Whether a message with {@code tag} (null when it has none) passes. */
    public boolean matches(String tag) {
        return tags.isEmpty() || (tag != null && tags.contains(tag));
    }

    /** Whether every message passes. */
    public boolean matchesAll() {
        return tags.isEmpty();
    }

    /** The normalized expression, as sent in pulls and heartbeats. */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }
}
