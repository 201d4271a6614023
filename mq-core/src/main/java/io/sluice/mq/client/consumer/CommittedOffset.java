package io.sluice.mq.client.consumer;

import io.sluice.mq.common.Checks;

/**
 * A group's committed position on one queue: the next offset it will read, and the metadata the
 * committer attached ({@code ""} if none, or if the broker is a stock RocketMQ broker, which does
 * not keep metadata).
 */
public record CommittedOffset(long offset, String metadata) {

    public CommittedOffset {
        Checks.argument(offset >= 0, "offset must be >= 0, was %s", offset);
        Checks.notNull(metadata, "metadata");
    }
}
