package io.sluice.connector.flink.source;

import org.apache.flink.annotation.PublicEvolving;

/**
 * What the source does when a queue it reads disappears from the topic's route (topic deleted, or
 * its read queue count lowered). Decided by the enumerator at a discovery round.
 */
@PublicEvolving
public enum RemovedQueuePolicy {
    /** The reader finishes the split (what it already read is kept) and it leaves the checkpointed state. */
    FINISH,
    /** Keep the split: it reads on if the queue comes back, and stays in the state meanwhile. */
    KEEP,
    /** Fail the job with a message naming the queues. */
    FAIL
}
