package io.sluice.connector.flink.sink.internal;

import io.sluice.mq.client.transaction.TransactionHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Serializes {@link SluiceWriterState}. Version 1:
 *
 * <pre>
 * int  subtask
 * int  count of handles
 * count x handle      (the {@link HandleCodec} layout)
 * </pre>
 *
 * Every later version must still read version 1. Stateless, thread-safe.
 */
@Internal
public final class SluiceWriterStateSerializer implements SimpleVersionedSerializer<SluiceWriterState> {

    static final int VERSION_1 = 1;

    /** A bound far above any pool size, so a corrupt count fails clearly instead of allocating. */
    private static final int MAX_HANDLES = 1 << 16;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(SluiceWriterState state) throws IOException {
        DataOutputSerializer out =
                new DataOutputSerializer(16 + 64 * state.lastSealed().size());
        out.writeInt(state.subtask());
        out.writeInt(state.lastSealed().size());
        for (TransactionHandle handle : state.lastSealed()) {
            HandleCodec.write(handle, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public SluiceWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown version " + version + " of a Sluice sink writer state (this build reads "
                    + VERSION_1 + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int subtask = in.readInt();
        int count = in.readInt();
        if (count < 0 || count > MAX_HANDLES) {
            throw new IOException("corrupt Sluice sink writer state of subtask " + subtask + ": " + count + " handles");
        }
        List<TransactionHandle> handles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            handles.add(HandleCodec.read(in));
        }
        if (in.available() != 0) {
            throw new IOException(in.available() + " trailing bytes after the writer state of subtask " + subtask);
        }
        return new SluiceWriterState(subtask, handles);
    }
}
