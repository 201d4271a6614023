package io.sluice.mq.broker.schedule;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageSysFlag;
import io.sluice.mq.store.MessageDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parks delayed messages on the way into the store (REMOTING.md 4.3). A message with a timer
 * property ({@code TIMER_DELIVER_MS}, {@code TIMER_DELAY_SEC}, {@code TIMER_DELAY_MS} or {@code
 * __STARTDELIVERTIME}, checked in that order) due later than one wheel slot from now goes to
 * {@value ScheduleTopics#TIMER_TOPIC} queue 0 with {@code TIMER_OUT_MS} = its due time; otherwise a
 * message with {@code DELAY} = k &gt; 0 goes to {@value ScheduleTopics#SCHEDULE_TOPIC} queue
 * {@code min(k, levels) - 1}. Both keep the real destination in {@code REAL_TOPIC} and {@code
 * REAL_QID}. Everything else, and prepared (half) transactional messages, pass unchanged.
 *
 * <p>Thread-safe (immutable apart from the injected clock).
 */
public final class DelayRouter {

    private final ScheduleConfig config;
    private final Clock clock;

    public DelayRouter(ScheduleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** {@link #route} applied to each draft, in order; the same list when nothing is delayed. */
    public List<MessageDraft> routeAll(List<MessageDraft> drafts) {
        List<MessageDraft> routed = null;
        for (int i = 0; i < drafts.size(); i++) {
            MessageDraft draft = drafts.get(i);
            MessageDraft target = route(draft);
            if (target != draft && routed == null) {
                routed = new ArrayList<>(drafts.subList(0, i));
            }
            if (routed != null) {
                routed.add(target);
            }
        }
        return routed == null ? drafts : routed;
    }

    /**
     * The draft to store for {@code draft}: itself, or a copy parked in the schedule or timer topic.
     *
     * @throws IllegalArgumentException naming the property when a delay value is malformed or a
     *     delivery time lies beyond {@code timerMaxDelaySec}
     */
    public MessageDraft route(MessageDraft draft) {
        String properties = draft.properties();
        boolean maybeDelayed = properties.indexOf("DELAY") >= 0
                || properties.indexOf("TIMER_") >= 0
                || properties.indexOf(ScheduleTopics.START_DELIVER_TIME) >= 0;
        if (!maybeDelayed
                || MessageSysFlag.transactionType(draft.sysFlag()) == MessageSysFlag.TRANSACTION_PREPARED_TYPE) {
            return draft;
        }
        long nowMs = clock.nowMs();
        long dueMs = timerDueMs(properties, nowMs);
        if (dueMs > nowMs + config.timerPrecision().toMillis()) {
            Map<String, String> parked = MessageProperties.parse(properties);
            parked.put(ScheduleTopics.TIMER_OUT_MS, Long.toString(dueMs));
            return park(draft, ScheduleTopics.TIMER_TOPIC, 0, parked);
        }
        if (dueMs != Long.MIN_VALUE) {
            return draft; // due now or in the past: deliver at once
        }
        String delay = MessageProperties.find(properties, MessageConst.DELAY);
        if (delay == null || delay.isEmpty()) {
            return draft;
        }
        int level = parseLevel(delay);
        if (level <= 0) {
            return draft;
        }
        int clamped = config.delayLevels().clamp(level);
        return park(draft, ScheduleTopics.SCHEDULE_TOPIC, clamped - 1, MessageProperties.parse(properties));
    }

    /** The due time a timer property asks for, or {@link Long#MIN_VALUE} if there is none. */
    private long timerDueMs(String properties, long nowMs) {
        String value = MessageProperties.find(properties, ScheduleTopics.TIMER_DELIVER_MS);
        long dueMs;
        String name;
        if (value != null) {
            name = ScheduleTopics.TIMER_DELIVER_MS;
            dueMs = parseMillis(name, value);
        } else if ((value = MessageProperties.find(properties, ScheduleTopics.TIMER_DELAY_SEC)) != null) {
            name = ScheduleTopics.TIMER_DELAY_SEC;
            long seconds = parseMillis(name, value);
            dueMs = seconds > Long.MAX_VALUE / 4_000L ? Long.MAX_VALUE / 2 : nowMs + seconds * 1_000L;
        } else if ((value = MessageProperties.find(properties, ScheduleTopics.TIMER_DELAY_MS)) != null) {
            name = ScheduleTopics.TIMER_DELAY_MS;
            dueMs = nowMs + Math.min(parseMillis(name, value), Long.MAX_VALUE / 4);
        } else if ((value = MessageProperties.find(properties, ScheduleTopics.START_DELIVER_TIME)) != null) {
            name = ScheduleTopics.START_DELIVER_TIME;
            dueMs = parseMillis(name, value);
        } else {
            return Long.MIN_VALUE;
        }
        long maxMs = config.timerMaxDelay().toMillis();
        if (dueMs - nowMs > maxMs) {
            throw new IllegalArgumentException("timer message property " + name + "=" + value
                    + " asks for delivery " + (dueMs - nowMs) / 1000 + " s from now, beyond timerMaxDelaySec ("
                    + maxMs / 1000 + " s)");
        }
        return dueMs;
    }

    private static long parseMillis(String name, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new IllegalArgumentException(
                        "timer message property " + name + " must not be negative, was '" + value + "'");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "timer message property " + name + " must be a whole number, was '" + value + "'", e);
        }
    }

    private static int parseLevel(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "message property " + MessageConst.DELAY + " must be a delay level number, was '" + value + "'", e);
        }
    }

    private static MessageDraft park(MessageDraft draft, String topic, int queueId, Map<String, String> properties) {
        properties.put(MessageConst.REAL_TOPIC, draft.topic());
        properties.put(MessageConst.REAL_QID, Integer.toString(draft.queueId()));
        return new MessageDraft(
                topic,
                queueId,
                draft.flag(),
                draft.sysFlag(),
                draft.bornTimestampMs(),
                draft.bornHost(),
                draft.reconsumeTimes(),
                draft.preparedTransactionOffset(),
                draft.body(),
                MessageProperties.encode(properties));
    }
}
