package io.sluice.connector.flink.source;

import org.apache.flink.annotation.PublicEvolving;

/** What the source does with a message its deserializer rejects. */
@PublicEvolving
public enum BadRecordPolicy {
    /** Fail the task, naming topic, queue, offset and the cause. */
    FAIL,
    /** Count it ({@code deserializationErrors}) and go on. */
    SKIP,
    /**
     * Count it, write its body and properties to the dead-letter topic with the source coordinates
     * and the error as properties (synchronously, before going on), then go on.
     */
    DEAD_LETTER
}
