package io.sluice.connector.flink.sink.internal;

import io.sluice.connector.flink.sink.SluiceRecord;
import io.sluice.mq.client.producer.SendResult;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * The asynchronous send path both writers share: a bounded number of sends in flight ({@link
 * InFlightSends}), the sink metrics ({@code numRecordsSend}, {@code numBytesSend}, {@code
 * numRecordsSendErrors}, the {@code inFlightSends} gauge), and failure delivery. A send that fails
 * locally throws at once; one that fails later queues a mail that fails the task at once, and every
 * later {@link #throwIfFailed} rethrows it. Nothing is logged and dropped.
 *
 * <p>Thread-safety: every method runs on the task thread; send callbacks only touch {@link
 * InFlightSends} and queue a mail.
 */
@Internal
final class SendPipeline {

    private final InFlightSends inFlight;
    private final Duration flushTimeout;
    private final MailboxExecutor mailbox;
    private final Counter recordsSent;
    private final Counter bytesSent;
    private final Counter sendErrors;
    private boolean errorCounted;

    /** Registers the sink metrics of the subtask {@code context} describes. */
    SendPipeline(WriterInitContext context, WriterSettings settings) {
        this.inFlight = new InFlightSends(settings.maxInFlightSends());
        this.flushTimeout = settings.flushTimeout();
        this.mailbox = context.getMailboxExecutor();
        SinkWriterMetricGroup metrics = context.metricGroup();
        this.recordsSent = metrics.getNumRecordsSendCounter();
        this.bytesSent = metrics.getNumBytesSendCounter();
        this.sendErrors = metrics.getNumRecordsSendErrorsCounter();
        metrics.gauge("inFlightSends", inFlight::inFlight);
    }

    /**
     * Sends {@code record} with {@code issue} once a slot is free (waiting at most the flush
     * timeout).
     *
     * @throws SluiceSendException if {@code issue} fails locally (size, closed client, no queue)
     * @throws IOException if no slot freed up in time
     */
    void send(SluiceRecord record, Function<SluiceRecord, CompletableFuture<SendResult>> issue)
            throws IOException, InterruptedException {
        inFlight.acquire(flushTimeout);
        CompletableFuture<SendResult> sent;
        try {
            sent = issue.apply(record);
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - local checks fail this send
            inFlight.release();
            sendErrors.inc();
            errorCounted = true;
            throw new SluiceSendException(describe(record), e);
        }
        recordsSent.inc();
        bytesSent.inc(record.message().body().length);
        sent.whenComplete((result, error) -> {
            if (inFlight.completed(error, describe(record))) {
                wakeTaskThread();
            }
        });
    }

    /** Waits (at most the flush timeout) until every issued send is acknowledged. */
    void awaitAll() throws IOException, InterruptedException {
        inFlight.awaitAll(flushTimeout);
    }

    /** Rethrows the first failed send, counting it once. */
    void throwIfFailed() throws SluiceSendException {
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

    /** Queues a mail that fails the task now, rather than at the next element or checkpoint. */
    private void wakeTaskThread() {
        try {
            mailbox.execute(this::throwIfFailed, "Sluice sink: rethrow a failed send");
        } catch (RejectedExecutionException e) {
            // The mailbox is closed: the task is already ending, and close() or the next flush still
            // finds the failure here, so it is not lost (EXACTLY_ONCE: the restart's INIT aborts the
            // open transaction).
            return;
        }
    }

    static String describe(SluiceRecord record) {
        return record.queueKey() == null
                ? record.message().toString()
                : record.message() + " with queue key '" + record.queueKey() + "'";
    }
}
