package io.sluice.connector.flink.source.enumerator;

import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Enumerator to readers: these splits' queues left the topic route; finish them
 * ({@link io.sluice.connector.flink.source.RemovedQueuePolicy#FINISH}). Sent to every reader;
 * a reader that does not own a split ignores it. Immutable.
 *
 * @param splitIds the split ids of the removed queues
 */
@Internal
public record QueuesRemovedEvent(List<String> splitIds) implements SourceEvent {
    private static final long serialVersionUID = 1L;

    public QueuesRemovedEvent {
        splitIds = List.copyOf(splitIds);
    }
}
