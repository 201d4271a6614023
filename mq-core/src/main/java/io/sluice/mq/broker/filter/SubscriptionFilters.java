package io.sluice.mq.broker.filter;

import io.sluice.mq.filter.FilterSyntaxException;
import io.sluice.mq.filter.SqlFilter;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.SubscriptionData;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a subscription into the {@link PullFilter} a pull reads with, or into the refusal the
 * official clients expect: SYSTEM_ERROR "The broker does not support consumer to filter message by
 * X" for an unknown expression type or for SQL92 while {@code enablePropertyFilter} is off, and
 * SUBSCRIPTION_PARSE_FAILED (23) with the error's position for a malformed SQL92 expression.
 *
 * <p>SQL92 expressions are compiled once per (group, topic) and reused while the subscription's
 * expression and {@code subVersion} stay the same, so a pull costs a map lookup, not a parse. The
 * cache holds at most {@code maxCached} subscriptions and is emptied when full (subscriptions are
 * few; a flood of one-off lite-pull subscriptions must not grow it without bound).
 *
 * <p>Thread-safe.
 */
public final class SubscriptionFilters {

    private final boolean propertyFilterEnabled;
    private final int maxCached;
    private final Map<GroupTopic, Compiled> compiled = new ConcurrentHashMap<>();

    /**
     * @param propertyFilterEnabled {@code enablePropertyFilter}: whether SQL92 subscriptions are served
     * @param maxCached most compiled subscriptions kept
     */
    public SubscriptionFilters(boolean propertyFilterEnabled, int maxCached) {
        this.propertyFilterEnabled = propertyFilterEnabled;
        this.maxCached = maxCached;
    }

    /**
     * The filter of {@code subscription} for a pull of {@code group}, or its refusal.
     *
     * @return the filter or the response to send instead
     */
    public Resolution resolve(String group, SubscriptionData subscription) {
        String type = subscription.expressionType();
        if (type.isEmpty()) { // RocketMQ reads an empty type as TAG
            return resolve(
                    group,
                    SubscriptionData.ofTags(
                            subscription.topic(), subscription.expression(), subscription.subVersion()));
        }
        if (SubscriptionData.TAG.equals(type)) {
            return new Resolution(tagFilter(subscription), null);
        }
        RemotingCommand unsupported = unsupported(type);
        if (unsupported != null) {
            return new Resolution(null, unsupported);
        }
        Compiled entry = compiled(group, subscription);
        if (entry.error() != null) {
            return new Resolution(null, parseFailed(subscription, entry.error()));
        }
        return new Resolution(new PullFilter(null, entry.matcher()), null);
    }

    /**
     * CHECK_CLIENT_CONFIG's verdict on {@code subscription}: null when it can be served, else the
     * refusal. TAG subscriptions always pass, as in RocketMQ.
     */
    public RemotingCommand check(String group, SubscriptionData subscription) {
        Resolution resolution = resolve(group, subscription);
        return resolution.refusal();
    }

    private RemotingCommand unsupported(String type) {
        if (SubscriptionData.SQL92.equals(type) && propertyFilterEnabled) {
            return null;
        }
        return RemotingCommand.response(
                ResponseCode.SYSTEM_ERROR, "The broker does not support consumer to filter message by " + type);
    }

    private static RemotingCommand parseFailed(SubscriptionData subscription, FilterSyntaxException error) {
        return RemotingCommand.response(
                ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                "parse the consumer's subscription[" + subscription.expression() + "] of topic " + subscription.topic()
                        + " failed: " + error.getMessage());
    }

    private Compiled compiled(String group, SubscriptionData subscription) {
        GroupTopic key = new GroupTopic(group, subscription.topic());
        Compiled entry = compiled.get(key);
        if (entry != null
                && entry.subVersion() == subscription.subVersion()
                && entry.expression().equals(subscription.expression())) {
            return entry;
        }
        entry = Compiled.of(subscription);
        if (compiled.size() >= maxCached) {
            compiled.clear();
        }
        compiled.put(key, entry);
        return entry;
    }

    /** Subscriptions compiled now (tests). */
    int cachedCount() {
        return compiled.size();
    }

    private static PullFilter tagFilter(SubscriptionData subscription) {
        if (subscription.matchesAll()) {
            return PullFilter.ALL;
        }
        Set<Integer> codes = Set.copyOf(subscription.codes());
        return new PullFilter(tagHash -> codes.contains((int) tagHash), null);
    }

    /**
     * A subscription's filter or the reason it has none.
     *
     * @param filter what to read with, or null when refused
     * @param refusal the response to send instead, or null
     */
    public record Resolution(PullFilter filter, RemotingCommand refusal) {}

    private record GroupTopic(String group, String topic) {}

    /** One compiled subscription: the matcher, or the syntax error. */
    private record Compiled(
            String expression, long subVersion, PropertiesMatcher matcher, FilterSyntaxException error) {
        static Compiled of(SubscriptionData subscription) {
            String expression = subscription.expression() == null ? "" : subscription.expression();
            try {
                return new Compiled(
                        expression,
                        subscription.subVersion(),
                        new PropertiesMatcher(SqlFilter.compile(expression)),
                        null);
            } catch (FilterSyntaxException e) {
                return new Compiled(expression, subscription.subVersion(), null, e);
            }
        }
    }
}
