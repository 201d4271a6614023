package io.sluice.mq.client.internal;

import io.sluice.mq.common.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * Average allocation of queues to the consumers of a group, giving the same answer as RocketMQ's
 * {@code AllocateMessageQueueAveragely} so mixed groups (official and Sluice clients) agree: with
 * {@code q} sorted queues and {@code c} sorted client ids, the first {@code q mod c} clients get
 * one queue more, and each client takes a contiguous range. Thread-safe (stateless).
 */
public final class QueueAllocation {

    private QueueAllocation() {}

    /**
     * The queues of {@code self}.
     *
     * @param queues all queues, sorted the same way by every member
     * @param clientIds all members, sorted the same way by every member
     * @param self this client's id
     * @return this client's contiguous share; empty if {@code self} is not a member
     */
    public static <Q> List<Q> averagely(List<Q> queues, List<String> clientIds, String self) {
        Checks.notNull(self, "self");
        int index = clientIds.indexOf(self);
        if (index < 0 || queues.isEmpty()) {
            return List.of();
        }
        int clients = clientIds.size();
        int total = queues.size();
        int remainder = total % clients;
        int size;
        if (total <= clients) {
            size = 1;
        } else if (remainder > 0 && index < remainder) {
            size = total / clients + 1;
        } else {
            size = total / clients;
        }
        int start = remainder > 0 && index < remainder ? index * size : index * size + remainder;
        int range = Math.min(size, total - start);
        List<Q> mine = new ArrayList<>(Math.max(range, 0));
        for (int i = 0; i < range; i++) {
            mine.add(queues.get((start + i) % total));
        }
        return mine;
    }
}
