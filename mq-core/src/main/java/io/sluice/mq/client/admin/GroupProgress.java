package io.sluice.mq.client.admin;

import java.util.List;

/**
 * A consumer group's progress on every broker (GET_CONSUME_STATS): per queue, and its consume rate.
 * Immutable.
 *
 * @param queues progress per queue, sorted by queue
 * @param consumeTps messages per second the group pulled over the last minute, summed over brokers
 * @param tpsMeasured whether any broker measured the rate (a Sluice broker that started less than
 *     a second ago has not; then {@code consumeTps} is 0 and means nothing)
 */
public record GroupProgress(List<QueueLag> queues, double consumeTps, boolean tpsMeasured) {

    public GroupProgress {
        queues = List.copyOf(queues);
    }
}
