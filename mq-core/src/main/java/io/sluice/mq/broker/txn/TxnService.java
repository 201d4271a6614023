package io.sluice.mq.broker.txn;

import io.sluice.mq.broker.send.StagedSends;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once extension of a broker (docs/design/exactly-once-primitives.md): the coordinator
 * rebuilt from its log at open, the staged-send hook for the send processor, the processor of the
 * codes 5000-5003, and the timer that aborts transactions past their timeout (every second, at
 * most {@value #EXPIRE_BATCH} per pass). Thread-safe.
 */
public final class TxnService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TxnService.class);
    private static final int EXPIRE_BATCH = 1000;
    /** Room left in a write buffer for the COMMITTED record and record framing. */
    private static final int UNIT_HEADROOM = 64 * 1024;

    private final TxnCoordinator coordinator;
    private final TxnStaging staging;
    private final TxnEnder ender;
    private final TxnRequestProcessor processor;
    private final Clock clock;
    private volatile ScheduledFuture<?> expiry;

    private TxnService(FileMessageStore store, HostAddress storeHost, Clock clock) {
        this.clock = clock;
        this.coordinator = new TxnCoordinator(store.config().writeBufferBytes() - UNIT_HEADROOM);
        this.staging = new TxnStaging(store, coordinator, storeHost, clock);
        this.ender = new TxnEnder(store, coordinator, storeHost, clock);
        this.processor = new TxnRequestProcessor(coordinator, ender, clock);
    }

    /** Rebuilds the coordinator from the open (recovered, dispatched) store. */
    public static TxnService open(FileMessageStore store, HostAddress storeHost, Clock clock) throws IOException {
        TxnService service = new TxnService(store, storeHost, clock);
        new TxnReplay(store).replayInto(service.coordinator);
        return service;
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

    /** Stops the timeout check. */
    @Override
    public void close() {
        ScheduledFuture<?> running = expiry;
        if (running != null) {
            running.cancel(false);
        }
    }
}
