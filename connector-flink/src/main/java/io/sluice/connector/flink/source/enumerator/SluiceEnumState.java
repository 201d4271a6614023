package io.sluice.connector.flink.source.enumerator;

import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.mq.common.MessageQueue;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.annotation.Internal;

/**
 * The enumerator's checkpoint: queues already handed to readers (their progress lives in the
 * readers' split state), splits found but not yet handed out (with their resolved start and
 * stop), and whether the first discovery finished (queues found after it start at their earliest
 * offset: they are new). Immutable.
 *
 * @param assigned queues owned by readers
 * @param pending splits waiting for their reader to register
 * @param initialDiscoveryDone whether the configured start rule has been applied once
 */
@Internal
public record SluiceEnumState(Set<MessageQueue> assigned, List<QueueSplit> pending, boolean initialDiscoveryDone) {

    public SluiceEnumState {
        assigned = Set.copyOf(new TreeSet<>(assigned));
        pending = List.copyOf(pending);
    }

    /** The state of a job that has not discovered anything yet. */
    public static SluiceEnumState empty() {
        return new SluiceEnumState(Set.of(), List.of(), false);
    }
}
