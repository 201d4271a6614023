package io.sluice.connector.flink.sink.internal;

import io.sluice.connector.flink.sink.SluiceRecord;
import io.sluice.connector.flink.sink.SluiceRecordSerializer;
import io.sluice.connector.flink.sink.SluiceSinkContext;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.transaction.TransactionHandle;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The writer of one sink subtask for NONE and AT_LEAST_ONCE: serializes each element, sends it
 * asynchronously through Sluice's {@link Producer} (to its key's queue when it has a queue key),
 * and keeps at most {@code maxInFlightSends} sends unacknowledged.
 *
 * <p>AT_LEAST_ONCE: {@link #flush} runs before every checkpoint and waits until every issued send
 * is acknowledged, so a completed checkpoint never covers an element whose message is not stored.
 * Its producer is idempotent when the brokers offer it ({@link
 * io.sluice.connector.flink.sink.IdempotentSends}): a send retried after a lost answer is stored
 * once, and a queue's messages keep their order across retries.
 * NONE waits only at the end of input. In both modes the first failed send fails the subtask: a
 * mail is queued to the task thread at once, and the next {@link #write} or {@link #flush} throws
 * it too. Nothing is logged and dropped.
 *
 * <p>It has nothing to commit and no state ({@link #prepareCommit} and {@link #snapshotState} return
 * empty lists): it implements those interfaces only because the sink, which also offers
 * EXACTLY_ONCE ({@link TransactionalWriter}), has a committer and writer state.
 *
 * <p>Thread-safety: Flink calls every method on the task thread; sends go through the shared
 * {@link SendPipeline}.
 */
@Internal
public final class SluiceWriter<IN>
        implements CommittingSinkWriter<IN, TransactionHandle>, StatefulSinkWriter<IN, SluiceWriterState> {

    private final WriterSettings settings;
    private final SluiceRecordSerializer<IN> serializer;
    private final SluiceSinkContext sinkContext;
    private final SendPipeline sends;
    private final MqClient client;
    private final Producer producer;

    public SluiceWriter(WriterSettings settings, SluiceRecordSerializer<IN> serializer, WriterInitContext context)
            throws IOException {
        this.settings = settings;
        this.serializer = serializer;
        this.sends = new SendPipeline(context, settings);
        this.sinkContext = SubtaskSinkContext.openSerializer(serializer, context);
        this.client = settings.producer().openClient(SubtaskSinkContext.instanceName(context));
        boolean idempotent = IdempotenceChoice.idempotent(client, settings.guarantee(), settings.idempotentSends());
        this.producer = client.newProducer(settings.producer().producerConfig().idempotent(idempotent));
    }

    @Override
    public void write(IN element, Context context) throws IOException, InterruptedException {
        sends.throwIfFailed();
        SluiceRecord record = serializer.serialize(element, sinkContext, context.timestamp());
        if (record == null) {
            return;
        }
        sends.send(
                record,
                r -> r.queueKey() == null
                        ? producer.sendAsync(r.message())
                        : producer.sendAsync(r.message(), r.queueKey()));
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (settings.guarantee() != DeliveryGuarantee.NONE || endOfInput) {
            sends.awaitAll();
        }
        sends.throwIfFailed();
    }

    /** Nothing to commit: every send is final once acknowledged. */
    @Override
    public Collection<TransactionHandle> prepareCommit() {
        return List.of();
    }

    /** No state: a restart resends from the source's checkpointed position. */
    @Override
    public List<SluiceWriterState> snapshotState(long checkpointId) {
        return List.of();
    }

    /**
     * Closes the producer and client without waiting: a clean end of input has already flushed,
     * and after a failure or cancel the pending sends do not matter (the job restarts from the
     * last checkpoint).
     */
    @Override
    public void close() throws Exception {
        try {
            serializer.close();
        } finally {
            client.close();
        }
    }
}
