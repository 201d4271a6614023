package io.sluice.connector.flink.source.split;

import io.sluice.mq.common.MessageQueue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Checkpoint form of a {@link QueueSplit}. Every version ever written stays readable: {@link
 * #deserialize} switches on the version and the golden bytes of each version are checked in under
 * {@code src/test/resources/golden/}.
 *
 * <p>Version 1 (big-endian, {@link DataOutput} encoding):
 *
 * <pre>
 * queue:                topic (writeUTF), brokerName (writeUTF), queueId (int32)
 * startingOffset        int64
 * stoppingOffset        int64   (-1 = none)
 * stoppingTimestampMs   int64   (-1 = none)
 * </pre>
 *
 * <p>Thread-safe (stateless).
 */
@Internal
public final class QueueSplitSerializer implements SimpleVersionedSerializer<QueueSplit> {

    public static final int VERSION_1 = 1;
    public static final int CURRENT_VERSION = VERSION_1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(QueueSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeQueue(out, split.queue());
            out.writeLong(split.startingOffset());
            out.writeLong(split.stoppingOffset());
            out.writeLong(split.stoppingTimestampMs());
        }
        return bytes.toByteArray();
    }

    @Override
    public QueueSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown QueueSplit serializer version " + version + " (this build reads 1.."
                    + CURRENT_VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            MessageQueue queue = readQueue(in);
            return new QueueSplit(queue, in.readLong(), in.readLong(), in.readLong());
        }
    }

    /** Writes a queue as topic, broker name (both UTF) and queue id (int32); shared with the enumerator state. */
    public static void writeQueue(DataOutput out, MessageQueue queue) throws IOException {
        out.writeUTF(queue.topic());
        out.writeUTF(queue.brokerName());
        out.writeInt(queue.queueId());
    }

    /** Reads what {@link #writeQueue} wrote. */
    public static MessageQueue readQueue(DataInput in) throws IOException {
        String topic = in.readUTF();
        String broker = in.readUTF();
        int queueId = in.readInt();
        if (queueId < 0) {
            throw new IOException("corrupt split state: queue id " + queueId + " of " + topic + "@" + broker);
        }
        return new MessageQueue(topic, broker, queueId);
    }
}
