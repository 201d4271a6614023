package io.sluice.mq.broker.progress;

import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.GetResult;
import java.io.IOException;

/**
 * Store timestamps of single queue entries, for ages in seconds: reads one record through the
 * store's validated read path. Thread-safe (the store is).
 */
final class StoreTimes {

    private final FileMessageStore store;

    StoreTimes(FileMessageStore store) {
        this.store = store;
    }

    /** Store time of the message at {@code offset} of the queue, or 0 if it is not readable. */
    long at(String topic, int queueId, long offset) throws IOException {
        if (offset < 0 || offset >= store.maxOffset(topic, queueId)) {
            return 0;
        }
        GetResult result = store.getMessages(topic, queueId, offset, 1, Integer.MAX_VALUE, null);
        return result.messages().isEmpty()
                ? 0
                : StoredMessageDecoder.decodeAll(result.messages().get(0).duplicate())
                        .get(0)
                        .storeTimestamp();
    }
}
