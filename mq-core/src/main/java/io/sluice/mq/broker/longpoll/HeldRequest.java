package io.sluice.mq.broker.longpoll;

import io.sluice.mq.common.TopicQueue;

/**
 * A request parked until its queue gets data or its time runs out: a pull that found nothing.
 * {@link #resume()} re-executes it without parking again and answers it; it is called exactly once,
 * on a wake-up thread of the {@link PullHoldService}, and must catch its own failures (answering
 * with an error) rather than throw.
 */
public interface HeldRequest {

    /** The queue whose new entries wake this request. */
    TopicQueue queue();

    /** Re-executes the request and answers it. */
    void resume();
}
