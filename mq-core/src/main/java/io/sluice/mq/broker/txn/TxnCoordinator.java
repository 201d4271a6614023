package io.sluice.mq.broker.txn;

import io.sluice.mq.protocol.ResponseCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transaction coordinator's state machine, in memory: producer sessions (transactional id →
 * producer id and current epoch), open transactions, and a bounded history of ended ones so a
 * repeated commit or abort is answered by its outcome. It decides; the callers write the log
 * records ({@link TxnLogRecord}) and report back, and the same transitions are replayed from the
 * log at start ({@link #replay}). Refusals are thrown as {@link TxnRefused}.
 *
 * <p>Rules (docs/design/exactly-once-primitives.md §3): INIT bumps the epoch and fences the older
 * epochs' unsealed open transactions; a sealed transaction stays committable by any client even
 * after fencing (a checkpoint holds it); an end waits for staged sends still in flight.
 *
 * <p>Thread-safe: one lock, held only for in-memory work (never across I/O).
 */
final class TxnCoordinator {

    /** Ended handles remembered per transactional id. */
    static final int HISTORY_PER_ID = 1024;

    /** What END_TXN asks for. */
    enum Action {
        COMMIT,
        ABORT,
        SEAL
    }

    /** INIT's decision: the new session and the older epochs' transactions it aborts. */
    record Init(TxnHandle session, long timeoutMs, List<OpenTxn> fenced) {}

    /** A staged send's decision: the transaction, and whether this send opens it (writes OPEN). */
    record Stage(OpenTxn txn, boolean first) {}

    /**
     * An end's decision: either write {@code txn}'s end, or wait for {@code inProgress} (another
     * client is ending it) and answer by its outcome, or nothing to do ({@code txn} null and
     * {@code inProgress} null: already sealed).
     */
    record End(OpenTxn txn, CompletableFuture<Outcome> inProgress) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<Long, Session> byProducerId = new HashMap<>();
    private final Map<TxnHandle, OpenTxn> open = new HashMap<>();
    private final Map<OpenTxn, Action> ending = new HashMap<>();
    private final Map<String, Map<TxnHandle, Outcome>> history = new HashMap<>();
    private final long maxStagedBytes;
    private long nextProducerId = 1;

    /** @param maxStagedBytes largest total of a transaction's staged records (its commit is one write) */
    TxnCoordinator(long maxStagedBytes) {
        this.maxStagedBytes = maxStagedBytes;
    }

    /** INIT: a new producer id for an idempotent-only producer ({@code tid} empty), else the next epoch. */
    Init init(String tid, long timeoutMs) {
        lock.lock();
        try {
            if (tid.isEmpty()) {
                Session session = new Session("", nextProducerId++, 0, timeoutMs);
                byProducerId.put(session.producerId, session);
                return new Init(new TxnHandle("", session.producerId, 0, 0), timeoutMs, List.of());
            }
            Session session = sessions.get(tid);
            if (session == null) {
                session = new Session(tid, nextProducerId++, 0, timeoutMs);
                sessions.put(tid, session);
                byProducerId.put(session.producerId, session);
            } else {
                if (session.epoch == Integer.MAX_VALUE) {
                    throw new TxnRefused(ResponseCode.ILLEGAL_OPERATION, "epoch of " + tid + " exhausted");
                }
                session.epoch++;
                session.timeoutMs = timeoutMs;
            }
            List<OpenTxn> fenced = new ArrayList<>();
            for (OpenTxn txn : open.values()) {
                if (txn.handle.transactionalId().equals(tid) && !txn.sealed && txn.ending == null) {
                    startEnding(txn, Action.ABORT);
                    fenced.add(txn);
                }
            }
            return new Init(new TxnHandle(tid, session.producerId, session.epoch, 0), timeoutMs, fenced);
        } finally {
            lock.unlock();
        }
    }

    /** A staged send of {@code bytes} to transaction {@code txnSeq} of the producer. */
    Stage stage(long producerId, int epoch, long txnSeq, long bytes, long stageLow, long nowMs) {
        lock.lock();
        try {
            Session session = currentSession(producerId, epoch);
            if (!session.transactional()) {
                throw new TxnRefused(
                        ResponseCode.INVALID_PARAMETER,
                        "producer " + producerId + " was initialised without a transactionalId; slTxnSeq not allowed");
            }
            TxnHandle handle = new TxnHandle(session.transactionalId, producerId, epoch, txnSeq);
            OpenTxn txn = open.get(handle);
            if (txn == null) {
                Outcome ended = endedOutcome(handle);
                if (ended != null) {
                    throw new TxnRefused(ended.answer(), "transaction " + handle + " already ended: " + ended);
                }
                checkSize(handle, bytes);
                txn = new OpenTxn(handle, stageLow, nowMs, nowMs + session.timeoutMs);
                open.put(handle, txn);
                txn.inFlight = 1;
                txn.stagedBytes = bytes;
                return new Stage(txn, true);
            }
            if (txn.sealed || txn.ending != null) {
                throw new TxnRefused(
                        ResponseCode.INVALID_PARAMETER,
                        "transaction " + handle + " is " + (txn.sealed ? "sealed" : "ending") + "; begin a new one");
            }
            checkSize(handle, txn.stagedBytes + bytes);
            txn.inFlight++;
            txn.stagedBytes += bytes;
            return new Stage(txn, false);
        } finally {
            lock.unlock();
        }
    }

    private void checkSize(TxnHandle handle, long bytes) {
        if (bytes > maxStagedBytes) {
            throw new TxnRefused(
                    ResponseCode.MESSAGE_ILLEGAL,
                    "transaction " + handle + " would stage " + bytes + " bytes, over the limit of " + maxStagedBytes
                            + " (its commit is one write)");
        }
    }

    /**
     * Checks that an idempotent send's producer id is known and its epoch current: 5104 for an
     * unknown id, 5101 for an older epoch.
     */
    void checkProducer(long producerId, int epoch) {
        lock.lock();
        try {
            currentSession(producerId, epoch);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lowest commit-log position of a staged record of an open transaction that is still within
     * its timeout, or {@code Long.MAX_VALUE}: retention keeps it (design note §3). A transaction past
     * its timeout no longer holds data back (the timer aborts it), so a stuck one cannot pin the disk
     * for longer than the longest timeout.
     */
    long retentionFloor(long nowMs) {
        lock.lock();
        try {
            long floor = Long.MAX_VALUE;
            for (OpenTxn txn : open.values()) {
                if (nowMs < txn.timeoutAtMs) {
                    for (long position : txn.positions) {
                        floor = Math.min(floor, position);
                    }
                }
            }
            return floor;
        } finally {
            lock.unlock();
        }
    }

    /** The current session of {@code producerId} if {@code epoch} is current; refusals otherwise. */
    private Session currentSession(long producerId, int epoch) {
        Session session = byProducerId.get(producerId);
        if (session == null) {
            throw new TxnRefused(
                    ResponseCode.TXN_UNKNOWN, "unknown producerId " + producerId + "; call SLUICE_INIT_PRODUCER first");
        }
        if (epoch < session.epoch) {
            throw fenced(session, epoch);
        }
        if (epoch > session.epoch) {
            throw new TxnRefused(
                    ResponseCode.TXN_UNKNOWN,
                    "producer " + producerId + " has epoch " + session.epoch + ", not " + epoch);
        }
        return session;
    }

    private static TxnRefused fenced(Session session, int epoch) {
        return new TxnRefused(
                ResponseCode.PRODUCER_FENCED,
                "producer " + session.transactionalId + " epoch " + epoch + " is fenced; the current epoch is "
                        + session.epoch);
    }

    /** Staged appends of {@code txn} were acknowledged at {@code positions}. */
    void staged(OpenTxn txn, long[] positions) {
        lock.lock();
        try {
            txn.inFlight--;
            for (long position : positions) {
                txn.positions.add(position);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A staged append of {@code txn} failed: it can only be aborted now. */
    void stageFailed(OpenTxn txn) {
        lock.lock();
        try {
            txn.inFlight--;
            txn.broken = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * END_TXN for {@code handle}.
     *
     * @param expectedCount the staged count the client saw acknowledged, or -1 to skip the check
     */
    End end(TxnHandle handle, Action action, long expectedCount) {
        lock.lock();
        try {
            Session session = sessions.get(handle.transactionalId());
            if (session == null || session.producerId != handle.producerId()) {
                throw new TxnRefused(ResponseCode.TXN_UNKNOWN, "unknown transaction " + handle);
            }
            OpenTxn txn = open.get(handle);
            if (txn == null) {
                Outcome ended = endedOutcome(handle);
                if (ended != null) {
                    throw new TxnRefused(ended.answer(), "transaction " + handle + " already ended: " + ended);
                }
                if (handle.epoch() < session.epoch) {
                    throw fenced(session, handle.epoch());
                }
                throw new TxnRefused(
                        ResponseCode.TXN_UNKNOWN, "unknown transaction " + handle + " (never opened or forgotten)");
            }
            if (txn.ending != null) {
                if (ending.get(txn) == Action.SEAL || action == Action.SEAL) {
                    throw new TxnRefused(ResponseCode.SYSTEM_BUSY, "transaction " + handle + " is being ended; retry");
                }
                return new End(null, txn.ending);
            }
            checkEnd(session, txn, action, expectedCount);
            if (action == Action.SEAL && txn.sealed) {
                return new End(null, null);
            }
            startEnding(txn, action);
            return new End(txn, null);
        } finally {
            lock.unlock();
        }
    }

    private static void checkEnd(Session session, OpenTxn txn, Action action, long expectedCount) {
        TxnHandle handle = txn.handle;
        boolean current = handle.epoch() == session.epoch;
        if (!current && (action == Action.SEAL || !txn.sealed)) {
            throw fenced(session, handle.epoch());
        }
        if (action == Action.ABORT) {
            return;
        }
        if (txn.inFlight > 0) {
            throw new TxnRefused(
                    ResponseCode.SYSTEM_BUSY, "transaction " + handle + " has " + txn.inFlight + " sends in flight");
        }
        if (txn.broken) {
            throw new TxnRefused(
                    ResponseCode.INVALID_PARAMETER, "a staged send of transaction " + handle + " failed; abort it");
        }
        if (expectedCount >= 0 && expectedCount != txn.positions.size()) {
            throw new TxnRefused(
                    ResponseCode.INVALID_PARAMETER,
                    "transaction " + handle + " has " + txn.positions.size() + " staged messages, the handle says "
                            + expectedCount);
        }
    }

    private void startEnding(OpenTxn txn, Action action) {
        txn.ending = new CompletableFuture<>();
        ending.put(txn, action);
    }

    /** The SEAL record of {@code txn} was written. */
    void sealed(OpenTxn txn) {
        lock.lock();
        try {
            txn.sealed = true;
            CompletableFuture<Outcome> done = txn.ending;
            txn.ending = null;
            ending.remove(txn);
            done.complete(null);
        } finally {
            lock.unlock();
        }
    }

    /** The end record of {@code txn} was written (for a commit: the whole commit unit). */
    void ended(OpenTxn txn, Outcome outcome) {
        CompletableFuture<Outcome> done;
        lock.lock();
        try {
            open.remove(txn.handle);
            ending.remove(txn);
            remember(txn.handle, outcome);
            done = txn.ending;
        } finally {
            lock.unlock();
        }
        if (done != null) {
            done.complete(outcome); // outside the lock: waiters answer their requests
        }
    }

    /** Writing {@code txn}'s end failed: it is open again (waiters get {@code error}). */
    void endFailed(OpenTxn txn, Throwable error) {
        CompletableFuture<Outcome> done;
        lock.lock();
        try {
            done = txn.ending;
            txn.ending = null;
            ending.remove(txn);
        } finally {
            lock.unlock();
        }
        if (done != null) {
            done.completeExceptionally(error);
        }
    }

    /** Open transactions past their timeout and idle: marked ending; the caller writes their abort. */
    List<OpenTxn> expire(long nowMs, int max) {
        lock.lock();
        try {
            List<OpenTxn> expired = new ArrayList<>();
            for (OpenTxn txn : open.values()) {
                if (expired.size() >= max) {
                    break;
                }
                if (txn.ending == null && txn.inFlight == 0 && txn.timeoutAtMs <= nowMs) {
                    startEnding(txn, Action.ABORT);
                    expired.add(txn);
                }
            }
            return expired;
        } finally {
            lock.unlock();
        }
    }

    private Outcome endedOutcome(TxnHandle handle) {
        Map<TxnHandle, Outcome> ended = history.get(handle.transactionalId());
        return ended == null ? null : ended.get(handle);
    }

    private void remember(TxnHandle handle, Outcome outcome) {
        history.computeIfAbsent(handle.transactionalId(), tid -> new LinkedHashMap<>(16, 0.75f, false) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<TxnHandle, Outcome> eldest) {
                        return size() > HISTORY_PER_ID;
                    }
                })
                .put(handle, outcome);
    }

    /** Transactions whose transactional id starts with {@code prefix}: open ones, and ended ones if asked. */
    List<TxnInfo> list(String prefix, boolean includeEnded, long nowMs) {
        lock.lock();
        try {
            List<TxnInfo> found = new ArrayList<>();
            for (OpenTxn txn : open.values()) {
                if (txn.handle.transactionalId().startsWith(prefix)) {
                    found.add(new TxnInfo(
                            txn.handle, txn.sealed ? "SEALED" : "OPEN", txn.positions.size(), nowMs - txn.openedAtMs));
                }
            }
            if (includeEnded) {
                for (Map.Entry<String, Map<TxnHandle, Outcome>> byId : history.entrySet()) {
                    if (byId.getKey().startsWith(prefix)) {
                        byId.getValue()
                                .forEach((handle, outcome) -> found.add(new TxnInfo(handle, outcome.name(), -1, -1)));
                    }
                }
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    // ---- Replay: the same transitions, from the log at start (single-threaded, before serving).

    /** Applies one log record; {@code storedAtMs} is its store time. */
    void replay(TxnLogRecord record, long storedAtMs) {
        lock.lock();
        try {
            TxnHandle handle = record.handle();
            nextProducerId = Math.max(nextProducerId, handle.producerId() + 1);
            switch (record.type()) {
                case EPOCH -> replayEpoch(handle, record.value());
                case OPEN -> open.put(handle, new OpenTxn(handle, record.value(), storedAtMs, record.timeoutAtMs()));
                case SEALED -> {
                    OpenTxn txn = open.get(handle);
                    if (txn != null) {
                        txn.sealed = true;
                    }
                }
                case ENDED -> {
                    open.remove(handle);
                    remember(handle, record.outcome());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void replayEpoch(TxnHandle handle, long timeoutMs) {
        String tid = handle.transactionalId();
        Session session = tid.isEmpty() ? null : sessions.get(tid);
        if (session == null) {
            session = new Session(tid, handle.producerId(), handle.epoch(), timeoutMs);
            if (!tid.isEmpty()) {
                sessions.put(tid, session);
            }
        } else {
            session.epoch = Math.max(session.epoch, handle.epoch());
            session.timeoutMs = timeoutMs;
        }
        byProducerId.put(handle.producerId(), session);
    }

    /** Open transactions by their staged key, for the stage scan at start. */
    Map<String, OpenTxn> openByStagedKey() {
        lock.lock();
        try {
            Map<String, OpenTxn> byKey = new HashMap<>();
            for (OpenTxn txn : open.values()) {
                byKey.put(txn.handle.stagedKey(), txn);
            }
            return byKey;
        } finally {
            lock.unlock();
        }
    }

    /** Adds a staged record found by the stage scan at start. */
    void replayStaged(OpenTxn txn, long position) {
        lock.lock();
        try {
            txn.positions.add(position);
        } finally {
            lock.unlock();
        }
    }

    /** The lowest stage offset an open transaction may have records at, or {@code fallback} if none is open. */
    long lowestStageOffset(long fallback) {
        lock.lock();
        try {
            long low = fallback;
            for (OpenTxn txn : open.values()) {
                low = Math.min(low, txn.stageLow);
            }
            return low;
        } finally {
            lock.unlock();
        }
    }
}
