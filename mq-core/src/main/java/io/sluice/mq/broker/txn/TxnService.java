package io.sluice.mq.broker.txn;

import io.sluice.mq.broker.send.IdempotentSends;
import io.sluice.mq.broker.send.StagedSends;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once extension of a broker (docs/design/exactly-once-primitives.md): the coordinator
 * rebuilt from its log at open, the staged-send hook for the send processor, the processor of the
 * codes 5000-5003, the timer that aborts transactions past their timeout (every second, at
 * most {@value #EXPIRE_BATCH} per pass), the idempotent producer's gate with its table
 * (checkpointed every {@value #CHECKPOINT_SECONDS} s and at close, idle producers dropped after
 * {@code producerIdExpiry}), and the store's retention floor for staged records of open
 * transactions. Thread-safe.
 */
public final class TxnService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TxnService.class);
    private static final int EXPIRE_BATCH = 1000;
    /** Room left in a write buffer for the COMMITTED record and record framing. */
    private static final int UNIT_HEADROOM = 64 * 1024;

    private static final int CHECKPOINT_SECONDS = 5;

    private final TxnCoordinator coordinator;
    private final TxnStaging staging;
    private final TxnEnder ender;
    private final TxnRequestProcessor processor;
    private final Clock clock;
    private final ProducerSequences sequences = new ProducerSequences();
    private final IdempotentSendGate idempotence;
    private final SequenceCheckpoint sequenceCheckpoint;
    private final long producerIdExpiryMs;
    private volatile ScheduledFuture<?> expiry;
    private volatile ScheduledFuture<?> checkpoints;

    private TxnService(FileMessageStore store, HostAddress storeHost, Clock clock, Duration producerIdExpiry) {
        this.clock = clock;
        this.producerIdExpiryMs = producerIdExpiry.toMillis();
        this.coordinator = new TxnCoordinator(store.config().writeBufferBytes() - UNIT_HEADROOM);
        this.staging = new TxnStaging(store, coordinator, sequences, storeHost, clock);
        this.ender = new TxnEnder(store, coordinator, storeHost, clock);
        this.processor = new TxnRequestProcessor(coordinator, ender, clock);
        this.idempotence = new IdempotentSendGate(sequences, coordinator, store, clock);
        this.sequenceCheckpoint = new SequenceCheckpoint(store);
    }

    /**
     * Rebuilds the coordinator and the idempotence table from the open (recovered, dispatched)
     * store and sets the store's retention floor.
     *
     * @param producerIdExpiry idempotent producers idle this long are forgotten
     */
    public static TxnService open(FileMessageStore store, HostAddress storeHost, Clock clock, Duration producerIdExpiry)
            throws IOException {
        TxnService service = new TxnService(store, storeHost, clock, producerIdExpiry);
        new TxnReplay(store).replayInto(service.coordinator);
        long replayed = service.sequenceCheckpoint.load(service.sequences);
        service.sequences.expire(clock.nowMs() - service.producerIdExpiryMs);
        LOG.info(
                "idempotence table: {} producer queues after replaying {} records past its checkpoint",
                service.sequences.size(),
                replayed);
        store.retentionFloor(() -> service.coordinator.retentionFloor(clock.nowMs()));
        return service;
    }

    /** The hook for the send processor: sends with {@code slSeq} (and no {@code slTxnSeq}) are deduplicated. */
    public IdempotentSends idempotentSends() {
        return idempotence;
    }

    /** The hook for the send processor: sends with {@code slTxnSeq} are staged. */
    public StagedSends stagedSends() {
        return staging;
    }

    /** The processor of codes 5000-5003. */
    public RequestProcessor processor() {
        return processor;
    }

    /** Starts the timeout check on {@code timer}. */
    public void start(ScheduledExecutorService timer) {
        expiry = timer.scheduleWithFixedDelay(this::expireOnce, 1, 1, TimeUnit.SECONDS);
        checkpoints = timer.scheduleWithFixedDelay(
                this::checkpointSequences, CHECKPOINT_SECONDS, CHECKPOINT_SECONDS, TimeUnit.SECONDS);
    }

    /** Drops idle producers and writes the idempotence checkpoint; failures are logged and retried next time. */
    void checkpointSequences() {
        try {
            int dropped = sequences.expire(clock.nowMs() - producerIdExpiryMs);
            if (dropped > 0) {
                LOG.info("forgot {} idempotent producer queues idle for {} ms", dropped, producerIdExpiryMs);
            }
            sequenceCheckpoint.save(sequences);
        } catch (IOException | RuntimeException e) { // an escaped exception would cancel the periodic task
            LOG.warn("writing the idempotence checkpoint failed; the next one retries (replay starts earlier)", e);
        }
    }

    /** One timeout pass: aborts idle transactions past their timeout; returns how many. */
    int expireOnce() {
        try {
            List<OpenTxn> expired = coordinator.expire(clock.nowMs(), EXPIRE_BATCH);
            for (OpenTxn txn : expired) {
                ender.abort(txn, Outcome.TIMED_OUT).whenComplete((outcome, error) -> {
                    if (error != null) {
                        LOG.warn(
                                "aborting timed-out transaction {} failed; next pass retries: {}",
                                txn.handle,
                                error.toString());
                    } else {
                        LOG.info("transaction {} timed out and was aborted", txn.handle);
                    }
                });
            }
            return expired.size();
        } catch (RuntimeException e) { // an escaped exception would cancel the periodic task
            LOG.error("transaction timeout pass failed; will run again", e);
            return 0;
        }
    }

    /** Stops the timeout check and the checkpoints, then writes a last checkpoint. */
    @Override
    public void close() {
        ScheduledFuture<?> running = expiry;
        if (running != null) {
            running.cancel(false);
        }
        ScheduledFuture<?> saving = checkpoints;
        if (saving != null) {
            saving.cancel(false);
            checkpointSequences();
        }
    }
}
