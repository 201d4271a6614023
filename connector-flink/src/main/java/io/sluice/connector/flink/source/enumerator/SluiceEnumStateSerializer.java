package io.sluice.connector.flink.source.enumerator;

import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.connector.flink.source.split.QueueSplitSerializer;
import io.sluice.mq.common.MessageQueue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Checkpoint form of {@link SluiceEnumState}. Every version ever written stays readable: {@link
 * #deserialize} switches on the version, and golden bytes of each version are checked in under
 * {@code src/test/resources/golden/}.
 *
 * <p>Version 1 (big-endian, {@link java.io.DataOutput} encoding):
 *
 * <pre>
 * initialDiscoveryDone  boolean (1 byte)
 * assignedCount         int32, then per queue: topic (UTF), brokerName (UTF), queueId (int32)
 * pendingCount          int32, then per split: queue as above, startingOffset int64,
 *                       stoppingOffset int64, stoppingTimestampMs int64
 * </pre>
 *
 * <p>Thread-safe (stateless).
 */
@Internal
public final class SluiceEnumStateSerializer implements SimpleVersionedSerializer<SluiceEnumState> {

    public static final int VERSION_1 = 1;
    public static final int CURRENT_VERSION = VERSION_1;
    /** Bound on counts read back, so corrupt state fails clearly instead of allocating wildly. */
    private static final int MAX_ENTRIES = 1 << 20;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(SluiceEnumState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(state.initialDiscoveryDone());
            out.writeInt(state.assigned().size());
            for (MessageQueue queue : new TreeSet<>(state.assigned())) {
                QueueSplitSerializer.writeQueue(out, queue);
            }
            out.writeInt(state.pending().size());
            for (QueueSplit split : state.pending()) {
                QueueSplitSerializer.writeQueue(out, split.queue());
                out.writeLong(split.startingOffset());
                out.writeLong(split.stoppingOffset());
                out.writeLong(split.stoppingTimestampMs());
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public SluiceEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown Sluice enumerator state version " + version + " (this build reads 1.."
                    + CURRENT_VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            boolean initialDone = in.readBoolean();
            int assignedCount = count(in.readInt(), "assigned");
            Set<MessageQueue> assigned = new TreeSet<>();
            for (int i = 0; i < assignedCount; i++) {
                assigned.add(QueueSplitSerializer.readQueue(in));
            }
            int pendingCount = count(in.readInt(), "pending");
            List<QueueSplit> pending = new ArrayList<>(pendingCount);
            for (int i = 0; i < pendingCount; i++) {
                MessageQueue queue = QueueSplitSerializer.readQueue(in);
                pending.add(new QueueSplit(queue, in.readLong(), in.readLong(), in.readLong()));
            }
            if (in.available() > 0) {
                throw new IOException("corrupt Sluice enumerator state: " + in.available() + " trailing bytes");
            }
            return new SluiceEnumState(assigned, pending, initialDone);
        }
    }

    private static int count(int value, String what) throws IOException {
        if (value < 0 || value > MAX_ENTRIES) {
            throw new IOException("corrupt Sluice enumerator state: " + what + " count " + value);
        }
        return value;
    }
}
