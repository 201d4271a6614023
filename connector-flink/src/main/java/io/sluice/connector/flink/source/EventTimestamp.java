package io.sluice.connector.flink.source;

import org.apache.flink.annotation.PublicEvolving;

/** Which message time becomes the Flink record timestamp (and so feeds watermark strategies). */
@PublicEvolving
public enum EventTimestamp {
    /** When the broker stored it: non-decreasing within a queue, so per-queue watermarks never lag. */
    STORE_TIME,
    /** When the producer created it (RocketMQ's born timestamp). */
    BORN_TIME
}
