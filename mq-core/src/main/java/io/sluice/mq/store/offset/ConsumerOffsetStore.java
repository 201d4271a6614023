package io.sluice.mq.store.offset;

import io.sluice.mq.common.Checks;
import io.sluice.mq.common.TopicQueue;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer-group offsets: for each group and queue, the next queue offset the group will read,
 * and optionally the metadata the committer attached (e.g. a stream job's id and checkpoint).
 * Commits update memory; {@link #persist()} writes them all to one {@link CheckpointFile}
 * ({@code config/consumerOffsets}). Payload version 2: count int32, then per entry group and topic
 * as uint16-length-prefixed UTF-8, queue id int32, next offset int64, metadata as
 * uint16-length-prefixed UTF-8 (length 0: none). Version 1, read for files of older builds, is the
 * same without the metadata field.
 *
 * <p>Thread-safe: commits from any thread; persists serialize on a private lock.
 */
public final class ConsumerOffsetStore {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerOffsetStore.class);
    private static final short VERSION_WITHOUT_METADATA = 1;
    private static final short VERSION = 2;

    /** Longest metadata a commit may attach, in UTF-8 bytes. */
    public static final int MAX_METADATA_BYTES = 4096;

    /** One group's position on one queue. */
    public record Key(String group, String topic, int queueId) {
        TopicQueue queue() {
            return new TopicQueue(topic, queueId);
        }
    }

    private final CheckpointFile file;
    private final ConcurrentHashMap<Key, Long> offsets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, String> metadata = new ConcurrentHashMap<>();
    private final ReentrantLock persistLock = new ReentrantLock();

    public ConsumerOffsetStore(CheckpointFile file) {
        this.file = file;
    }

    /**
     * Loads the persisted offsets, clamping each into its queue's current range: after an unclean
     * shutdown in ASYNC_FLUSH mode the log may have lost a tail a consumer had already read.
     *
     * @param minOffset the smallest readable offset of a queue
     * @param maxOffset the next offset to be written to a queue
     */
    public void load(ToLongFunction<TopicQueue> minOffset, ToLongFunction<TopicQueue> maxOffset) throws IOException {
        Optional<CheckpointFile.Versioned> payload = file.read(VERSION_WITHOUT_METADATA, VERSION);
        if (payload.isEmpty()) {
            return;
        }
        ByteBuffer bytes = payload.get().payload();
        boolean withMetadata = payload.get().version() >= VERSION;
        int count = bytes.getInt();
        for (int i = 0; i < count; i++) {
            Key key = new Key(readString(bytes), readString(bytes), bytes.getInt());
            long stored = bytes.getLong();
            String attached = withMetadata ? readString(bytes) : "";
            if (!attached.isEmpty()) {
                metadata.put(key, attached);
            }
            long max = maxOffset.applyAsLong(key.queue());
            long min = minOffset.applyAsLong(key.queue());
            long clamped = Math.max(min, Math.min(max, stored));
            if (clamped != stored) {
                LOG.warn(
                        "Consumer offset of group {} on {} was {}, outside the queue's range [{}, {}]; using {}",
                        key.group(),
                        key.queue(),
                        stored,
                        min,
                        max,
                        clamped);
            }
            offsets.put(key, clamped);
        }
    }

    /** Records that {@code group} will next read {@code nextOffset} of the queue, without metadata. */
    public void commit(String group, String topic, int queueId, long nextOffset) {
        commit(group, topic, queueId, nextOffset, "");
    }

    /**
     * Records that {@code group} will next read {@code nextOffset} of the queue, replacing the
     * metadata of the previous commit with {@code attached} (empty: none).
     *
     * @throws IllegalArgumentException if the offset is negative or the metadata is longer than
     *     {@value #MAX_METADATA_BYTES} UTF-8 bytes
     */
    public void commit(String group, String topic, int queueId, long nextOffset, String attached) {
        Checks.argument(nextOffset >= 0, "offset must be >= 0, was %s", nextOffset);
        int length = attached.getBytes(StandardCharsets.UTF_8).length;
        Checks.argument(
                length <= MAX_METADATA_BYTES,
                "commit metadata is %s UTF-8 bytes, at most %s allowed",
                length,
                MAX_METADATA_BYTES);
        Key key = new Key(group, topic, queueId);
        // Two commits of one queue race only between a group's own members; the last one wins for
        // both fields, and a reader may see a new offset with the previous metadata for an instant.
        offsets.put(key, nextOffset);
        if (attached.isEmpty()) {
            metadata.remove(key);
        } else {
            metadata.put(key, attached);
        }
    }

    /** The metadata attached to the group's last commit on the queue; empty if none. */
    public String metadata(String group, String topic, int queueId) {
        return metadata.getOrDefault(new Key(group, topic, queueId), "");
    }

    /** The committed next offset, or empty if the group never committed on that queue. */
    public OptionalLong query(String group, String topic, int queueId) {
        Long value = offsets.get(new Key(group, topic, queueId));
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** A sorted copy of every committed offset. */
    public Map<Key, Long> snapshot() {
        TreeMap<Key, Long> sorted = new TreeMap<>((a, b) -> {
            int byGroup = a.group().compareTo(b.group());
            if (byGroup != 0) {
                return byGroup;
            }
            int byTopic = a.topic().compareTo(b.topic());
            return byTopic != 0 ? byTopic : Integer.compare(a.queueId(), b.queueId());
        });
        sorted.putAll(offsets);
        return sorted;
    }

    /** Writes every offset durably; when it returns, a crash cannot lose these values. */
    public void persist() throws IOException {
        persistLock.lock();
        try {
            Map<Key, Long> entries = snapshot();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(entries.size());
                for (Map.Entry<Key, Long> entry : entries.entrySet()) {
                    writeString(out, entry.getKey().group());
                    writeString(out, entry.getKey().topic());
                    out.writeInt(entry.getKey().queueId());
                    out.writeLong(entry.getValue());
                    writeString(out, metadata.getOrDefault(entry.getKey(), ""));
                }
            }
            file.write(VERSION, bytes.toByteArray());
        } finally {
            persistLock.unlock();
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static String readString(ByteBuffer in) {
        byte[] utf8 = new byte[in.getShort() & 0xFFFF];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
