/**
 * Delayed delivery: RocketMQ's 18 delay levels ({@code SCHEDULE_TOPIC_XXXX}, one queue per level,
 * delivered by {@link io.sluice.mq.broker.schedule.DelayLevelDelivery}) and arbitrary delivery
 * times ({@code TIMER_DELIVER_MS}, {@code TIMER_DELAY_SEC}, {@code TIMER_DELAY_MS},
 * {@code __STARTDELIVERTIME}) on a timing wheel ({@link io.sluice.mq.broker.schedule.TimerDelivery})
 * whose messages live in {@code rmq_sys_wheel_timer}. {@link
 * io.sluice.mq.broker.schedule.DelayRouter} parks delayed sends; {@link
 * io.sluice.mq.broker.schedule.ScheduleService} runs both deliveries on one thread and persists
 * their progress. Design: {@code docs/design/delay-and-retry.md}.
 *
 * <p>Imports {@code common}, {@code protocol} and the store's public package.
 */
package io.sluice.mq.broker.schedule;
