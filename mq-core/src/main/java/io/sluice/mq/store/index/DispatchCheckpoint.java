package io.sluice.mq.store.index;

import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.store.offset.CheckpointFile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How far the derived files are durable: every record before {@code logPosition} is in the
 * consume queues and the key index, and each queue's durable length and the key index's active
 * file are recorded. Recovery truncates the derived files to exactly this and re-derives the rest
 * from the commit log, which the checkpoint never runs ahead of.
 *
 * <p>Stored in a {@link CheckpointFile}, payload version 1: logPosition int64 | index active begin
 * int64 | index entry count int32 | queue count int32 | per queue: topic (uint16 length + UTF-8),
 * queueId int32, nextOffset int64.
 *
 * @param logPosition dispatched and durable up to here
 * @param index the key index's active file and entry count
 * @param nextOffsets each queue's durable entry count (its next offset)
 */
public record DispatchCheckpoint(long logPosition, KeyIndex.Position index, Map<TopicQueue, Long> nextOffsets) {

    private static final short VERSION = 1;

    /** Writes {@code checkpoint} durably. */
    public static void write(CheckpointFile file, DispatchCheckpoint checkpoint) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(checkpoint.logPosition());
            out.writeLong(checkpoint.index().activeBeginLogPosition());
            out.writeInt(checkpoint.index().entryCount());
            out.writeInt(checkpoint.nextOffsets().size());
            for (Map.Entry<TopicQueue, Long> entry : checkpoint.nextOffsets().entrySet()) {
                byte[] topic = entry.getKey().topic().getBytes(StandardCharsets.UTF_8);
                out.writeShort(topic.length);
                out.write(topic);
                out.writeInt(entry.getKey().queueId());
                out.writeLong(entry.getValue());
            }
        }
        file.write(VERSION, bytes.toByteArray());
    }

    /** Reads the checkpoint, or empty if none was ever written. */
    public static Optional<DispatchCheckpoint> read(CheckpointFile file) throws IOException {
        Optional<ByteBuffer> payload = file.read(VERSION);
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer in = payload.get();
        long logPosition = in.getLong();
        KeyIndex.Position index = new KeyIndex.Position(in.getLong(), in.getInt());
        int count = in.getInt();
        Map<TopicQueue, Long> offsets = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] topic = new byte[in.getShort() & 0xFFFF];
            in.get(topic);
            offsets.put(new TopicQueue(new String(topic, StandardCharsets.UTF_8), in.getInt()), in.getLong());
        }
        return Optional.of(new DispatchCheckpoint(logPosition, index, offsets));
    }
}
