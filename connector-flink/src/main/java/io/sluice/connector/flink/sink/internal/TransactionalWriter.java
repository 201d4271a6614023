package io.sluice.connector.flink.sink.internal;

import io.sluice.connector.flink.sink.SluiceRecord;
import io.sluice.connector.flink.sink.SluiceRecordSerializer;
import io.sluice.connector.flink.sink.SluiceSinkContext;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.QueueSelector;
import io.sluice.mq.client.transaction.ExactlyOnceProducer;
import io.sluice.mq.client.transaction.ExtensionsUnavailableException;
import io.sluice.mq.client.transaction.TransactionHandle;
import io.sluice.mq.common.MessageQueue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The EXACTLY_ONCE writer of one sink subtask: one Sluice transaction per checkpoint. Each element
 * is staged in the open transaction (durable, invisible to consumers); at the checkpoint barrier
 * {@link #prepareCommit} waits for every staged send, seals the transaction and hands its {@link
 * TransactionHandle} to Flink as the committable, then opens the next one. The committer
 * ({@link SluiceCommitter}) commits the handle once the checkpoint is complete, which makes its
 * messages visible at once.
 *
 * <p>Start-up: the INIT of the subtask's transactional id ({@link TransactionSettings}) fences the
 * previous attempt's writer and aborts its unsealed transaction; the ids of restored subtasks that
 * no longer exist (scale-down) are INITed too; then {@link LingeringTransactions} aborts sealed
 * transactions no restored checkpoint covers. {@link #snapshotState} records the last sealed
 * transaction for that.
 *
 * <p>A transaction is one commit write on the broker, so its size is limited: when the next record
 * would take the open transaction over {@code maxTransactionBytes} (an estimate, {@link
 * #estimatedSize}), the writer seals it and begins another within the same checkpoint; {@link
 * #prepareCommit} then returns every transaction sealed since the last checkpoint. One sealed
 * early but not covered by a completed checkpoint is later than the restored last sealed one, so a
 * restore aborts it like any other.
 *
 * <p>Records go to queues of the broker that holds the transaction (a transaction lives on one
 * broker): round robin over that broker's queues of the record's topic, or, with a queue key, the
 * key's hash over them (the same queue as AT_LEAST_ONCE when the topic lives on one broker). A
 * record for a topic without a queue on that broker fails the job naming both.
 *
 * <p>Thread-safety: Flink calls every method on the task thread; sends go through the shared
 * {@link SendPipeline}.
 */
@Internal
public final class TransactionalWriter<IN>
        implements CommittingSinkWriter<IN, TransactionHandle>, StatefulSinkWriter<IN, SluiceWriterState> {

    private final WriterSettings settings;
    private final TransactionSettings transactions;
    private final SluiceRecordSerializer<IN> serializer;
    private final SluiceSinkContext sinkContext;
    private final SendPipeline sends;
    private final MqClient client;
    private final ExactlyOnceProducer producer;
    private final Map<String, List<MessageQueue>> queuesByTopic = new HashMap<>();
    /** Transactions sealed since the last checkpoint because they reached the size limit. */
    private final List<TransactionHandle> sealedSinceCheckpoint = new ArrayList<>();

    private TransactionHandle lastSealed;
    private long stagedBytes;

    public TransactionalWriter(
            WriterSettings settings,
            SluiceRecordSerializer<IN> serializer,
            WriterInitContext context,
            Collection<SluiceWriterState> restored)
            throws IOException {
        this.settings = settings;
        this.transactions = settings.transactions();
        this.serializer = serializer;
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        this.sends = new SendPipeline(context, settings);
        this.sinkContext = SubtaskSinkContext.openSerializer(serializer, context);
        this.client = settings.producer().openClient(SubtaskSinkContext.instanceName(context));
        try {
            this.producer = newProducer(subtask); // INIT: fences the previous attempt's writer
            Map<String, TransactionHandle> restoredSealed = new HashMap<>();
            Set<Integer> responsible = new HashSet<>();
            for (SluiceWriterState state : restored) {
                responsible.add(state.subtask());
                state.lastSealed().forEach(handle -> restoredSealed.put(handle.transactionalId(), handle));
                if (state.subtask() >= parallelism) {
                    newProducer(state.subtask()).close(); // scale-down: fence the gone subtask's zombie
                }
            }
            if (context.getRestoredCheckpointId().isEmpty()) {
                responsible.add(subtask); // a fresh start: nothing of this subtask's id is in a checkpoint
            }
            LingeringTransactions.abort(client, transactions, responsible, restoredSealed);
            // Until this session seals one, its start is the frontier: every sealed transaction of an
            // earlier epoch is in a restored committable or was just aborted (by whichever writer
            // restored this subtask's state), so a later restore must keep those and only abort
            // this session's uncovered ones.
            this.lastSealed = new TransactionHandle(
                    producer.transactionalId(),
                    producer.producerId(),
                    producer.epoch(),
                    0,
                    producer.brokerName(),
                    transactions.topic(),
                    0);
            producer.begin();
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - close the client, then fail the start
            client.close();
            throw new IOException(
                    "the EXACTLY_ONCE writer of subtask " + subtask + " (transactional id "
                            + transactions.transactionalId(subtask) + ") failed to start: " + e.getMessage(),
                    e);
        }
    }

    private ExactlyOnceProducer newProducer(int subtask) {
        ExactlyOnceProducer producer = client.newExactlyOnceProducer(
                settings.producer().producerConfig().withRetries(0),
                transactions.transactionalId(subtask),
                transactions.topic(),
                transactions.timeout());
        if (producer.halfMessageFallback()) {
            // The sink's state keeps native handles only (HandleCodec) and it relies on fencing and
            // listing, which the half-message fallback of a stock broker lacks.
            producer.close();
            throw new ExtensionsUnavailableException(
                    producer.brokerName(),
                    "SLUICE_INIT_PRODUCER (EXACTLY_ONCE of the Flink sink needs a Sluice broker)");
        }
        return producer;
    }

    @Override
    public void write(IN element, Context context) throws IOException, InterruptedException {
        sends.throwIfFailed();
        SluiceRecord record = serializer.serialize(element, sinkContext, context.timestamp());
        if (record == null) {
            return;
        }
        Message message = record.message();
        long size = estimatedSize(message);
        if (stagedBytes > 0 && stagedBytes + size > transactions.maxTransactionBytes()) {
            flush(false);
            sealedSinceCheckpoint.addAll(sealAndBegin());
        }
        stagedBytes += size;
        sends.send(
                record,
                r -> r.queueKey() == null
                        ? producer.sendAsync(r.message())
                        : producer.sendAsync(r.message(), queueOf(r.message().topic(), r.queueKey())));
    }

    /** The queue of {@code key} among {@code topic}'s queues on the transaction's broker. */
    private MessageQueue queueOf(String topic, String key) {
        List<MessageQueue> queues = queuesByTopic.computeIfAbsent(topic, t -> client.admin().queues(t).stream()
                .filter(queue -> queue.brokerName().equals(producer.brokerName()))
                .toList());
        if (queues.isEmpty()) {
            queuesByTopic.remove(topic); // look again next time: the topic may be created meanwhile
            throw new IllegalArgumentException("topic " + topic + " has no queue on broker " + producer.brokerName()
                    + ", which holds this subtask's transactions (a transaction lives on one broker)");
        }
        return QueueSelector.byKey(queues, key);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        sends.awaitAll();
        sends.throwIfFailed();
    }

    /**
     * An upper estimate of what {@code message} adds to the transaction's commit write: body,
     * topic, tags, keys and properties, plus a fixed allowance for the stored record's header and
     * the staging properties.
     */
    static long estimatedSize(Message message) {
        long size = 256L + message.body().length + message.topic().length();
        if (message.tags() != null) {
            size += message.tags().length() + 8;
        }
        for (String key : message.keys()) {
            size += key.length() + 1;
        }
        for (Map.Entry<String, String> property : message.properties().entrySet()) {
            size += property.getKey().length() + property.getValue().length() + 2L;
        }
        return 2 * size; // properties travel as UTF-8 (up to 3 bytes per char): stay on the safe side
    }

    /**
     * Seals the open transaction and opens the next. Returns the checkpoint's committables: the
     * transactions sealed since the last checkpoint because they reached {@code
     * maxTransactionBytes}, and this one unless it staged nothing.
     */
    @Override
    public Collection<TransactionHandle> prepareCommit() throws IOException, InterruptedException {
        flush(false);
        List<TransactionHandle> committables = new ArrayList<>(sealedSinceCheckpoint);
        committables.addAll(sealAndBegin());
        sealedSinceCheckpoint.clear();
        return committables;
    }

    /** Seals the open transaction (all its sends are acknowledged) and begins the next; returns it if it staged any. */
    private List<TransactionHandle> sealAndBegin() throws IOException {
        TransactionHandle handle;
        try {
            handle = producer.prepareCommit();
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - any client failure fails the checkpoint
            throw new IOException(
                    "sealing transaction " + producer.transactionalId() + " failed: " + e.getMessage(), e);
        }
        producer.begin();
        stagedBytes = 0;
        if (handle.stagedCount() == 0) {
            return List.of();
        }
        lastSealed = handle;
        return List.of(handle);
    }

    @Override
    public List<SluiceWriterState> snapshotState(long checkpointId) {
        return List.of(new SluiceWriterState(sinkContext.parallelInstanceId(), List.of(lastSealed)));
    }

    /**
     * Closes the client without aborting: after a failure or cancel the open transaction is
     * aborted by the restart's INIT or, if the job does not come back, by the broker's timeout; a
     * clean end of input has sealed everything at its final checkpoint.
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
