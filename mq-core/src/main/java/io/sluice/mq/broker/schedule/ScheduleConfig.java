package io.sluice.mq.broker.schedule;

import io.sluice.mq.common.Checks;
import java.time.Duration;

/**
 * Settings of delayed delivery. Immutable.
 *
 * @param delayLevels {@code messageDelayLevel}: the delay levels
 * @param timerPrecision {@code timerPrecisionMs}: width of one timing-wheel slot; a timer message
 *     is delivered within about this much after its time (plus one scheduler turn)
 * @param timerRollWindow {@code timerRollWindowMs} (Sluice): the longest a timer message waits in
 *     the wheel before it is re-appended ("rolled") to the timer topic; must stay well below {@code
 *     fileReservedTime} so retention never removes a message that is still waiting
 * @param timerMaxDelay {@code timerMaxDelaySec}: the furthest a delivery time may lie in the future
 * @param maxPendingTimers timer entries held in memory at most; the wheel stops reading new timer
 *     messages while it is full (they wait in the commit log)
 */
public record ScheduleConfig(
        DelayLevels delayLevels,
        Duration timerPrecision,
        Duration timerRollWindow,
        Duration timerMaxDelay,
        int maxPendingTimers) {

    /** Sluice's default: 1 in-memory timer entry costs about 40 bytes, so this caps it near 160 MB. */
    public static final int DEFAULT_MAX_PENDING_TIMERS = 4_000_000;

    public ScheduleConfig {
        Checks.notNull(delayLevels, DelayLevels.KEY);
        Checks.argument(
                timerPrecision.toMillis() >= 10 && timerPrecision.toMillis() <= 1_000,
                "key 'timerPrecisionMs' must be within [10, 1000] ms, was %s",
                timerPrecision.toMillis());
        Checks.argument(
                timerRollWindow.compareTo(timerPrecision.multipliedBy(10)) >= 0,
                "key 'timerRollWindowMs' must be at least 10 x timerPrecisionMs, was %s ms",
                timerRollWindow.toMillis());
        Checks.argument(
                timerMaxDelay.toSeconds() >= 1,
                "key 'timerMaxDelaySec' must be at least 1 s, was %s",
                timerMaxDelay.toSeconds());
        Checks.argument(maxPendingTimers >= 1, "maxPendingTimers must be >= 1, was %s", maxPendingTimers);
    }

    /** RocketMQ's levels, 100 ms slots, a 1-day roll window and delivery times up to 400 days away. */
    public static ScheduleConfig defaults() {
        return new ScheduleConfig(
                DelayLevels.defaults(),
                Duration.ofMillis(100),
                Duration.ofDays(1),
                Duration.ofDays(400),
                DEFAULT_MAX_PENDING_TIMERS);
    }

    public ScheduleConfig withDelayLevels(DelayLevels value) {
        return new ScheduleConfig(value, timerPrecision, timerRollWindow, timerMaxDelay, maxPendingTimers);
    }

    public ScheduleConfig withTimerPrecision(Duration value) {
        return new ScheduleConfig(delayLevels, value, timerRollWindow, timerMaxDelay, maxPendingTimers);
    }

    public ScheduleConfig withTimerRollWindow(Duration value) {
        return new ScheduleConfig(delayLevels, timerPrecision, value, timerMaxDelay, maxPendingTimers);
    }

    public ScheduleConfig withTimerMaxDelay(Duration value) {
        return new ScheduleConfig(delayLevels, timerPrecision, timerRollWindow, value, maxPendingTimers);
    }
}
