package io.sluice.connector.flink.sink.internal;

import io.sluice.mq.client.transaction.TransactionHandle;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes and reads a {@link TransactionHandle} in the layout both sink serializers use (version 1):
 *
 * <pre>
 * UTF   transactionalId   (2-byte length + modified UTF-8, DataOutput.writeUTF)
 * long  producerId        (8 bytes, big endian)
 * int   epoch             (4 bytes)
 * long  txnSeq            (8 bytes)
 * UTF   brokerName
 * UTF   topic
 * int   stagedCount       (4 bytes)
 * </pre>
 *
 * <p>Fixed fields rather than {@link TransactionHandle#encode()}'s text, so a change of the
 * client's text form cannot break checkpoints. Stateless, thread-safe.
 */
@Internal
final class HandleCodec {

    private HandleCodec() {}

    static void write(TransactionHandle handle, DataOutputView out) throws IOException {
        out.writeUTF(handle.transactionalId());
        out.writeLong(handle.producerId());
        out.writeInt(handle.epoch());
        out.writeLong(handle.txnSeq());
        out.writeUTF(handle.brokerName());
        out.writeUTF(handle.topic());
        out.writeInt(handle.stagedCount());
    }

    static TransactionHandle read(DataInputView in) throws IOException {
        String transactionalId = in.readUTF();
        long producerId = in.readLong();
        int epoch = in.readInt();
        long txnSeq = in.readLong();
        String brokerName = in.readUTF();
        String topic = in.readUTF();
        int stagedCount = in.readInt();
        try {
            return new TransactionHandle(transactionalId, producerId, epoch, txnSeq, brokerName, topic, stagedCount);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt transaction handle of " + transactionalId + ": " + e.getMessage(), e);
        }
    }
}
