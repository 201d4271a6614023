package io.sluice.mq.store;

/**
 * Where an acknowledged append landed. For a batch, the positions and offsets of the first record;
 * the others follow contiguously.
 *
 * @param logPosition commit-log position of the first record (RocketMQ's physical offset)
 * @param queueOffset queue offset of the first record
 * @param recordCount how many records the append wrote
 * @param wroteBytes total bytes written to the commit log
 * @param storeTimestampMs the store timestamp written into the records
 */
public record AppendResult(
        long logPosition, long queueOffset, int recordCount, int wroteBytes, long storeTimestampMs) {}
