package io.sluice.connector.flink.sink.internal;

import io.sluice.mq.client.transaction.TransactionHandle;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Serializes the EXACTLY_ONCE sink's committable, a sealed {@link TransactionHandle}, into
 * checkpoints. Version 1 is the {@link HandleCodec} layout and nothing else; every later version
 * must still read version 1 (checkpoints outlive releases). Stateless, thread-safe.
 */
@Internal
public final class SluiceCommittableSerializer implements SimpleVersionedSerializer<TransactionHandle> {

    static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(TransactionHandle handle) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        HandleCodec.write(handle, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public TransactionHandle deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown version " + version + " of a Sluice sink committable (this build reads "
                    + VERSION_1 + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        TransactionHandle handle = HandleCodec.read(in);
        if (in.available() != 0) {
            throw new IOException(in.available() + " trailing bytes after the committable " + handle);
        }
        return handle;
    }
}
