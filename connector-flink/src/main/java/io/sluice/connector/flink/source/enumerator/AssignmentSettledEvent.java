package io.sluice.connector.flink.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Enumerator to one reader: the initial discovery is done and every split it found for this
 * reader has been sent ahead of this event (assignments and events travel in order), so a reader
 * that holds no split now may mark its output idle. Before this event a split-less reader is only
 * waiting for its first assignment: marking it idle then would let downstream event-time operators
 * advance on the other readers' watermarks and drop this reader's records as late. Sent once per
 * registration of a reader. Immutable.
 */
@Internal
public record AssignmentSettledEvent() implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
