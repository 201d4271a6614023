package io.sluice.mq.broker.schedule;

/**
 * The system topics and property names of delayed delivery (REMOTING.md 3.3, 4.3). Thread-safe
 * (constants only).
 */
public final class ScheduleTopics {

    /** Where delay-level messages wait: queue {@code level - 1}. */
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    /** Where timer messages wait, queue 0 (RocketMQ 5.x's name). */
    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";

    /** 5.x: absolute delivery time, epoch ms. */
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    /** 5.x: delivery after this many seconds. */
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    /** 5.x: delivery after this many milliseconds. */
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
    /** 4.x (Aliyun style): absolute delivery time, epoch ms. */
    public static final String START_DELIVER_TIME = "__STARTDELIVERTIME";
    /** Set by the broker on a parked timer message: its due time, epoch ms (5.x's name). */
    public static final String TIMER_OUT_MS = "TIMER_OUT_MS";
    /** Set by the broker: how often a timer message was re-appended to stay ahead of retention. */
    public static final String TIMER_ROLL_TIMES = "TIMER_ROLL_TIMES";

    private ScheduleTopics() {}
}
