package io.sluice.mq.broker.transaction;

import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.AppendResult;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.GetResult;
import io.sluice.mq.store.GetStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the check-back (REMOTING.md 4.5 step 6). Walks the half queue from the ledger's
 * position; for each copy:
 *
 * <ul>
 *   <li>resolved, or an older copy of a re-queued transaction: passed;
 *   <li>younger than its wait ({@code CHECK_IMMUNITY_TIME_IN_SECONDS}, else {@code
 *       transactionTimeOut}) counted from its store time: the pass stops here, as later copies are
 *       younger still — unless the copy is older than {@code transactionTimeOut} and only its
 *       longer immunity holds it, then it is re-queued unchanged so the scan is not held up;
 *   <li>checked {@code transactionCheckMax} times already: dropped (see {@link Outcome#DROPPED});
 *   <li>otherwise re-queued with {@code TRANSACTION_CHECK_TIMES} + 1, and the new copy is sent to a
 *       live producer of its group. The producer's answer names the new copy.
 * </ul>
 *
 * A copy is re-queued (and the append awaited) before the position moves past it, which keeps the
 * ledger's invariant. The position and the op replay position are persisted after each pass. A
 * pass reads at most up to the queue end seen at its start, so it never chases its own copies.
 *
 * <p>Not thread-safe: run by one thread at a time.
 */
final class TransactionChecker {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionChecker.class);
    private static final int READ_BATCH = 64;
    private static final int READ_BYTES = 4 * 1024 * 1024;
    private static final int MAX_COPIES_PER_PASS = 100_000;
    private static final long APPEND_TIMEOUT_MS = 10_000;

    private final FileMessageStore store;
    private final TransactionLedger ledger;
    private final TransactionResolver resolver;
    private final LedgerRecovery files;
    private final CheckSender sender;
    private final TransactionSettings settings;
    private final Clock clock;

    TransactionChecker(
            FileMessageStore store,
            TransactionLedger ledger,
            TransactionResolver resolver,
            LedgerRecovery files,
            CheckSender sender,
            TransactionSettings settings,
            Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.resolver = resolver;
        this.files = files;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
    }

    /** Scans once; returns how many checks were sent. */
    int runOnce() throws IOException, InterruptedException {
        int checks = 0;
        try {
            long next = ledger.halfPosition();
            long end = store.maxOffset(TransactionTopics.HALF_TOPIC, TransactionTopics.QUEUE_ID);
            int examined = 0;
            scan:
            while (next < end && examined < MAX_COPIES_PER_PASS) {
                GetResult result = store.getMessages(
                        TransactionTopics.HALF_TOPIC, TransactionTopics.QUEUE_ID, next, READ_BATCH, READ_BYTES, null);
                if (result.messages().isEmpty()) {
                    if (result.nextBeginOffset() <= next) {
                        break;
                    }
                    next = result.nextBeginOffset(); // removed by retention, or below the minimum
                    ledger.advanceHalf(next);
                    continue;
                }
                for (ByteBuffer record : result.messages()) {
                    WireMessage copy = HalfMessages.decode(record);
                    Step step = examine(copy);
                    if (step == Step.STOP) {
                        break scan;
                    }
                    checks += step == Step.CHECKED ? 1 : 0;
                    examined++;
                    next = copy.queueOffset() + 1;
                    ledger.advanceHalf(next);
                }
                if (result.status() != GetStatus.FOUND) {
                    break;
                }
            }
        } finally {
            files.persist(ledger);
        }
        return checks;
    }

    private enum Step {
        PASSED,
        CHECKED,
        STOP
    }

    private Step examine(WireMessage copy) throws IOException, InterruptedException {
        long origin = HalfMessages.origin(copy);
        if (ledger.state(origin, copy.queueOffset()) != TransactionLedger.State.OPEN
                || ledger.superseded(origin, copy.queueOffset())) {
            return Step.PASSED;
        }
        long age = clock.nowMs() - copy.storeTimestamp();
        long timeout = settings.timeout().toMillis();
        if (age < waitMillis(copy, timeout)) {
            if (age < timeout) {
                return Step.STOP;
            }
            requeue(copy, HalfMessages.checkTimes(copy), false);
            return Step.PASSED;
        }
        int checkTimes = HalfMessages.checkTimes(copy);
        if (checkTimes >= settings.checkMax()) {
            LOG.warn(
                    "transaction {} of group {} unresolved after {} checks: dropped (rolled back) to {}",
                    copy.property(MessageConst.UNIQ_KEY),
                    copy.property(MessageConst.PGROUP),
                    checkTimes,
                    TransactionTopics.CHECK_MAX_TOPIC);
            await(resolver.resolve(copy, Outcome.DROPPED));
            return Step.PASSED;
        }
        return requeue(copy, checkTimes + 1, true) ? Step.CHECKED : Step.PASSED;
    }

    /** Per-message wait: the immunity property (seconds) when set and valid, else the timeout. */
    private static long waitMillis(WireMessage copy, long timeout) {
        String immunity = copy.property(TransactionTopics.CHECK_IMMUNITY_SECONDS);
        if (immunity == null) {
            return timeout;
        }
        try {
            long seconds = Long.parseLong(immunity.trim());
            return seconds > 0 ? seconds * 1000 : timeout;
        } catch (NumberFormatException e) {
            return timeout; // RocketMQ ignores a malformed immunity too
        }
    }

    /** Appends a new copy; with {@code check}, asks a producer about it. Returns whether it asked. */
    private boolean requeue(WireMessage copy, int checkTimes, boolean check) throws IOException, InterruptedException {
        long origin = HalfMessages.origin(copy);
        AppendResult appended = await(store.append(HalfMessages.requeued(copy, checkTimes)));
        ledger.copyAt(origin, appended.queueOffset());
        if (!check || ledger.state(origin, appended.queueOffset()) != TransactionLedger.State.OPEN) {
            return false;
        }
        ByteBuffer record = store.readRecord(appended.logPosition());
        return sender.send(record, HalfMessages.decode(record));
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future)
            throws IOException, InterruptedException {
        try {
            return future.get(APPEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("transaction check could not write: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("transaction check write not acknowledged within " + APPEND_TIMEOUT_MS + " ms", e);
        }
    }
}
