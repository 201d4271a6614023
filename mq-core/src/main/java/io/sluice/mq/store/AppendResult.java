package io.sluice.mq.store;

/**
 * Where an acknowledged append landed. For a batch, the positions and offsets of the first record;
 * the others follow contiguously, each at the previous position plus the previous record's size.
 * A unit may span several queues (a transaction commit does), so the queue offset of every record
 * is kept as well. Immutable (nobody writes the arrays after the writer built them), so safe to
 * share.
 *
 * @param logPosition commit-log position of the first record (RocketMQ's physical offset)
 * @param queueOffset queue offset of the first record
 * @param recordCount how many records the append wrote
 * @param wroteBytes total bytes written to the commit log
 * @param storeTimestampMs the store timestamp written into the records
 * @param recordSizes encoded size of each record, in append order (owned by this result; not to be
 *     modified)
 * @param queueOffsets the queue offset of each record in its own queue, in append order (owned by
 *     this result; not to be modified)
 */
public record AppendResult(
        long logPosition,
        long queueOffset,
        int recordCount,
        int wroteBytes,
        long storeTimestampMs,
        int[] recordSizes,
        long[] queueOffsets) {

    /**
     * The commit-log positions of every record, in append order: the handles message ids encode
     * (a batch's SEND response lists one id per record).
     */
    public long[] logPositions() {
        long[] positions = new long[recordSizes.length];
        long position = logPosition;
        for (int i = 0; i < recordSizes.length; i++) {
            positions[i] = position;
            position += recordSizes[i];
        }
        return positions;
    }
}
