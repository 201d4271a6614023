package io.sluice.connector.flink.sink.internal;

import io.sluice.connector.flink.sink.SluiceRecord;
import io.sluice.connector.flink.sink.SluiceRecordSerializer;
import io.sluice.connector.flink.sink.SluiceSinkContext;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.client.transaction.TransactionHandle;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * The writer of one sink subtask for NONE and AT_LEAST_ONCE: serializes each element, sends it
 * asynchronously through Sluice's {@link Producer} (to its key's queue when it has a queue key),
 * and keeps at most {@code maxInFlightSends} sends unacknowledged.
 *
 * <p>AT_LEAST_ONCE: {@link #flush} runs before every checkpoint and waits until every issued send
 * is acknowledged, so a completed checkpoint never covers an element whose message is not stored.
 * NONE waits only at the end of input. In both modes the first failed send fails the subtask: a
 * mail is queued to the task thread at once, and the next {@link #write} or {@link #flush} throws
 * it too. Nothing is logged and dropped.
 *
 * <p>It has nothing to commit and no state ({@link #prepareCommit} and {@link #snapshotState} return
 * empty lists): it implements those interfaces only because the sink, which also offers
 * EXACTLY_ONCE ({@link TransactionalWriter}), has a committer and writer state.
 *
 * <p>Thread-safety: Flink calls every method on the task thread; send callbacks only touch {@link
 * InFlightSends} and queue a mail.
 */
@Internal
public final class SluiceWriter<IN>
        implements CommittingSinkWriter<IN, TransactionHandle>, StatefulSinkWriter<IN, SluiceWriterState> {

    private final WriterSettings settings;
    private final SluiceRecordSerializer<IN> serializer;
    private final SluiceSinkContext sinkContext;
    private final MailboxExecutor mailbox;
    private final InFlightSends inFlight;
    private final MqClient client;
    private final Producer producer;
    private final Counter recordsSent;
    private final Counter bytesSent;
    private final Counter sendErrors;
    private boolean errorCounted;

    public SluiceWriter(WriterSettings settings, SluiceRecordSerializer<IN> serializer, WriterInitContext context)
            throws IOException {
        this.settings = settings;
        this.serializer = serializer;
        this.sinkContext = new DefaultSinkContext(
                context.getTaskInfo().getIndexOfThisSubtask(),
                context.getTaskInfo().getNumberOfParallelSubtasks());
        this.mailbox = context.getMailboxExecutor();
        this.inFlight = new InFlightSends(settings.maxInFlightSends());
        SinkWriterMetricGroup metrics = context.metricGroup();
        this.recordsSent = metrics.getNumRecordsSendCounter();
        this.bytesSent = metrics.getNumBytesSendCounter();
        this.sendErrors = metrics.getNumRecordsSendErrorsCounter();
        metrics.gauge("inFlightSends", inFlight::inFlight);
        try {
            serializer.open(context.asSerializationSchemaInitializationContext(), sinkContext);
        } catch (Exception e) { // CHECKSTYLE.OFF: IllegalCatch - the serializer's open may throw anything
            throw new IOException("the record serializer failed to open", e);
        }
        this.client = settings.producer().openClient(instanceName(context));
        this.producer = client.newProducer(settings.producer().producerConfig());
    }

    static String instanceName(WriterInitContext context) {
        return "flink-sink-" + context.getJobInfo().getJobId() + "-"
                + context.getTaskInfo().getIndexOfThisSubtask() + "-"
                + context.getTaskInfo().getAttemptNumber();
    }

    @Override
    public void write(IN element, Context context) throws IOException, InterruptedException {
        throwIfFailed();
        SluiceRecord record = serializer.serialize(element, sinkContext, context.timestamp());
        if (record == null) {
            return;
        }
        Message message = record.message();
        inFlight.acquire(settings.flushTimeout());
        CompletableFuture<SendResult> sent;
        try {
            sent = record.queueKey() == null
                    ? producer.sendAsync(message)
                    : producer.sendAsync(message, record.queueKey());
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - local checks (size, closed) fail this send
            inFlight.release();
            sendErrors.inc();
            errorCounted = true;
            throw new SluiceSendException(describe(record), e);
        }
        recordsSent.inc();
        bytesSent.inc(message.body().length);
        sent.whenComplete((result, error) -> {
            if (inFlight.completed(error, describe(record))) {
                wakeTaskThread();
            }
        });
    }

    /** Queues a mail that fails the task now, rather than at the next element or checkpoint. */
    private void wakeTaskThread() {
        try {
            mailbox.execute(this::throwIfFailed, "Sluice sink: rethrow a failed send");
        } catch (RejectedExecutionException e) {
            // The mailbox is closed: the task is already ending, and close() or the next flush
            // still finds the failure in inFlight, so it is not lost.
            return;
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (settings.guarantee() != DeliveryGuarantee.NONE || endOfInput) {
            inFlight.awaitAll(settings.flushTimeout());
        }
        throwIfFailed();
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

    private void throwIfFailed() throws SluiceSendException {
        try {
            inFlight.throwIfFailed();
        } catch (SluiceSendException e) {
            if (!errorCounted) {
                errorCounted = true;
                sendErrors.inc();
            }
            throw e;
        }
    }

    static String describe(SluiceRecord record) {
        return record.queueKey() == null
                ? record.message().toString()
                : record.message() + " with queue key '" + record.queueKey() + "'";
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

    /** The sink context of one subtask. Immutable. */
    private record DefaultSinkContext(int parallelInstanceId, int numberOfParallelInstances)
            implements SluiceSinkContext {}
}
