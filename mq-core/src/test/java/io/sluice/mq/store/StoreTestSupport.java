package io.sluice.mq.store;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.store.log.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Small configs and message builders shared by the store tests. */
final class StoreTestSupport {

    static final HostAddress BORN = HostAddress.loopback(40_000);

    private StoreTestSupport() {}

    /** A config with small files so rolls and retention happen within a test. */
    static StoreConfig.Builder smallConfig(Path root) {
        return StoreConfig.builder(root)
                .maxMessageSizeBytes(4096)
                .segmentSizeBytes(160 * 1024)
                .writeBufferBytes(96 * 1024)
                .consumeQueueFileEntries(64)
                .indexHashSlots(64)
                .indexMaxEntries(200)
                .appendQueueCapacity(1024)
                .fileReservedTime(Duration.ofMinutes(10))
                .deleteInterval(Duration.ofMillis(100));
    }

    static MessageDraft message(String topic, int queueId, String body, String key) {
        String properties =
                MessageProperties.encode(Map.of(MessageProperties.KEYS, key, MessageProperties.TAGS, "tagA"));
        return MessageDraft.of(topic, queueId, body.getBytes(StandardCharsets.UTF_8), properties, 1_000L, BORN);
    }

    /** Every message of a queue from its min offset, following nextBeginOffset across files. */
    static java.util.List<ByteBuffer> readQueue(FileMessageStore store, String topic, int queueId)
            throws java.io.IOException {
        java.util.List<ByteBuffer> all = new java.util.ArrayList<>();
        long offset = store.minOffset(topic, queueId);
        for (int guard = 0; guard < 1_000_000 && offset < store.maxOffset(topic, queueId); guard++) {
            GetResult result = store.getMessages(topic, queueId, offset, 1000, 1 << 24, null);
            all.addAll(result.messages());
            offset = result.nextBeginOffset();
        }
        return all;
    }

    static String bodyOf(ByteBuffer record) {
        ByteBuffer body = new StoredRecord(record).body();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
