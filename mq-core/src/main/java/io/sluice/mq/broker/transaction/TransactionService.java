package io.sluice.mq.broker.transaction;

import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.common.Checks;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import java.io.IOException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's transaction component, wired in a few lines by the broker: recovers the {@link
 * TransactionLedger} when built (the store must be open), serves END_TRANSACTION through {@link
 * #endTransactionProcessor()}, and runs the {@link TransactionChecker} every {@code
 * transactionCheckInterval} on its own thread once {@link #start()}ed. {@link #close()} stops the
 * thread and persists the positions; call it before the store closes.
 *
 * <p>Thread-safe.
 */
public final class TransactionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionService.class);

    private final TransactionLedger ledger;
    private final LedgerRecovery files;
    private final TransactionResolver resolver;
    private final EndTransactionProcessor endTransaction;
    private final TransactionChecker checker;
    private final TransactionSettings settings;
    private final ScheduledThreadPoolExecutor thread;
    private final Object passLock = new Object();

    /** Where the component runs and what it talks to. */
    public record Wiring(
            FileMessageStore store, ClientRegistry clients, HostAddress storeHost, String brokerName, Clock clock) {}

    /**
     * Recovers the ledger from the open store.
     *
     * @throws IOException if the ledger file or the transaction queues cannot be read
     */
    public TransactionService(Wiring wiring, TransactionSettings settings, ThreadFactory threadFactory)
            throws IOException {
        this.settings = Checks.notNull(settings, "settings");
        this.files = new LedgerRecovery(wiring.store());
        this.ledger = files.recover();
        this.resolver = new TransactionResolver(wiring.store(), ledger, wiring.storeHost(), wiring.clock());
        this.endTransaction = new EndTransactionProcessor(wiring.store(), resolver);
        this.checker = new TransactionChecker(
                wiring.store(),
                ledger,
                resolver,
                files,
                new CheckSender(wiring.clients(), wiring.brokerName()),
                settings,
                wiring.clock());
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread created = threadFactory.newThread(runnable);
            created.setName("mq-broker-transaction-check");
            created.setDaemon(true);
            return created;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The END_TRANSACTION processor; register it on a pool, not inline (it reads the log). */
    public RequestProcessor endTransactionProcessor() {
        return endTransaction;
    }

    /** The component that resolves half messages, for other features that write them. */
    public TransactionResolver resolver() {
        return resolver;
    }

    /** Starts the periodic check (first pass after one interval). */
    public void start() {
        long period = settings.checkInterval().toMillis();
        thread.scheduleWithFixedDelay(this::checkQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs one check pass now, on the caller's thread, never at the same time as the periodic one.
     *
     * @return how many checks were sent
     */
    public int checkNow() throws IOException, InterruptedException {
        synchronized (passLock) {
            return checker.runOnce();
        }
    }

    private void checkQuietly() {
        try {
            int checks = checkNow();
            if (checks > 0) {
                LOG.debug("transaction check pass sent {} checks", checks);
            }
        } catch (IOException | RuntimeException e) { // an escaped exception would cancel the schedule
            LOG.error("transaction check pass failed; it runs again next period", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the check thread and persists the positions. Idempotent. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(15, TimeUnit.SECONDS)) {
                LOG.warn("transaction check thread did not stop within 15 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (passLock) {
            try {
                files.persist(ledger);
            } catch (IOException | RuntimeException e) { // the store may already have failed
                LOG.warn("could not persist the transaction positions at close: {}", e.toString());
            }
        }
    }
}
