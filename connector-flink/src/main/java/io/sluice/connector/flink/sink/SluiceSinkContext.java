package io.sluice.connector.flink.sink;

import org.apache.flink.annotation.PublicEvolving;

/**
 * What a {@link SluiceRecordSerializer} may know about the writer that calls it. Implementations
 * belong to one writer (one subtask) and are used from its task thread only.
 */
@PublicEvolving
public interface SluiceSinkContext {

    /** The index of the sink subtask, from 0. */
    int parallelInstanceId();

    /** How many sink subtasks run. */
    int numberOfParallelInstances();
}
