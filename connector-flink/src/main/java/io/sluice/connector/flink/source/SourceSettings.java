package io.sluice.connector.flink.source;

import io.sluice.connector.flink.source.enumerator.initializer.StartingOffsets;
import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.connector.flink.source.enumerator.subscriber.QueueSubscriber;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.Internal;

/**
 * Every setting of a {@link SluiceSource}, validated by {@link SluiceSourceBuilder}. Immutable and
 * serializable (shipped with the job graph).
 *
 * @param namesrvAddresses nameserver list, {@code host:port;host:port}
 * @param group consumer group whose offsets are read ("committed" start) and committed on checkpoints
 * @param subscriber which queues to read
 * @param starting where queues without checkpointed state start
 * @param stopping where each queue stops; null for an unbounded source
 * @param selectorType {@code TAG} or {@code SQL92}
 * @param selectorExpression the filter expression ({@code *} reads everything)
 * @param discoveryInterval how often new queues and topics are looked for; zero turns it off
 * @param removedQueuePolicy what a vanished queue does to its split
 * @param pullBatchSize most messages per pull
 * @param maxBufferedPerQueue fetched, not yet emitted messages per queue before pulls pause
 * @param maxFetchRetries failed fetches of one queue in a row tolerated before the task fails
 * @param fetchBackoff pause between failed fetches of a queue
 * @param requestTimeout timeout of one broker request
 * @param commitOffsetsOnCheckpoint commit split offsets to the group when a checkpoint completes
 * @param badRecordPolicy what happens to a message the deserializer rejects
 * @param deadLetterTopic where {@link BadRecordPolicy#DEAD_LETTER} writes, else null
 * @param recordsPerSecond the whole source's rate limit; 0 for none
 * @param eventTimestamp which message time becomes the record timestamp
 */
@Internal
public record SourceSettings(
        String namesrvAddresses,
        String group,
        QueueSubscriber subscriber,
        StartingOffsets starting,
        StoppingOffsets stopping,
        String selectorType,
        String selectorExpression,
        Duration discoveryInterval,
        RemovedQueuePolicy removedQueuePolicy,
        int pullBatchSize,
        int maxBufferedPerQueue,
        int maxFetchRetries,
        Duration fetchBackoff,
        Duration requestTimeout,
        boolean commitOffsetsOnCheckpoint,
        BadRecordPolicy badRecordPolicy,
        String deadLetterTopic,
        double recordsPerSecond,
        EventTimestamp eventTimestamp)
        implements Serializable {

    /** Whether the source ends (bounded reads). */
    public boolean bounded() {
        return stopping != null;
    }

    /** Whether the enumerator looks for new queues periodically (never for bounded reads). */
    public boolean periodicDiscovery() {
        return !bounded() && !discoveryInterval.isZero();
    }
}
