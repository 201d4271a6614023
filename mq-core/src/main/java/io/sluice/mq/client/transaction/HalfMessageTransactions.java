package io.sluice.mq.client.transaction;

import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.protocol.ResponseCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commit and abort of half-message fallback transactions (a stock RocketMQ broker,
 * docs/design/exactly-once-primitives.md §5.1), by any client holding the handle. The decision is
 * written first, as a marker in the {@link MarkerLog}; only the writer of a transaction's
 * <b>first</b> marker sends the END_TRANSACTIONs, so two committers never both commit the halves
 * (a stock broker would deliver a half committed twice twice). A later commit finds the marker and
 * answers {@link TransactionOutcome#ALREADY_COMMITTED}; halves its first committer did not end
 * (it died after the marker) are committed by the broker's check-back to a live producer of the
 * group ({@link MarkerCheckListener}). Rollbacks are sent by every abort (a repeated rollback
 * changes nothing on the broker).
 *
 * <p>One per {@link TransactionRpc}; keeps one {@link MarkerLog} per (broker, marker topic).
 * Thread-safe.
 */
final class HalfMessageTransactions {

    private final ClientContext context;
    private final HalfMessageEnds ends;
    private final Map<String, MarkerLog> logs = new ConcurrentHashMap<>();

    HalfMessageTransactions(ClientContext context) {
        this.context = context;
        this.ends = new HalfMessageEnds(context);
    }

    /** The marker log of {@code markerTopic} on the broker {@code brokerName} at {@code address}. */
    MarkerLog markers(String brokerName, String address, String markerTopic) {
        return logs.computeIfAbsent(
                brokerName + "|" + markerTopic, key -> new MarkerLog(context, brokerName, address, markerTopic));
    }

    ClientContext context() {
        return context;
    }

    /** See {@link io.sluice.mq.client.MqClient#commit}; the fallback's rules are in the class javadoc. */
    TransactionOutcome commit(String address, TransactionHandle handle) {
        if (handle.stagedCount() == 0) {
            return TransactionOutcome.COMMITTED;
        }
        String nonce = context.ids().next();
        MarkerLog.Marker first = firstMarker(address, handle, MarkerLog.Decision.COMMIT, nonce);
        if (first.decision() == MarkerLog.Decision.ABORT) {
            throw refused(handle, address, ResponseCode.TXN_ALREADY_ABORTED, "it was aborted before (ABORT marker)");
        }
        if (!first.nonce().equals(nonce)) {
            return TransactionOutcome.ALREADY_COMMITTED;
        }
        ends.endAll(address, handle, true);
        return TransactionOutcome.COMMITTED;
    }

    /** See {@link io.sluice.mq.client.MqClient#abort}. */
    TransactionOutcome abort(String address, TransactionHandle handle) {
        if (handle.stagedCount() == 0) {
            return TransactionOutcome.ABORTED;
        }
        String nonce = context.ids().next();
        MarkerLog.Marker first = firstMarker(address, handle, MarkerLog.Decision.ABORT, nonce);
        if (first.decision() == MarkerLog.Decision.COMMIT) {
            throw refused(
                    handle, address, ResponseCode.TXN_ALREADY_COMMITTED, "it was committed before (COMMIT marker)");
        }
        ends.endAll(address, handle, false);
        return first.nonce().equals(nonce) ? TransactionOutcome.ABORTED : TransactionOutcome.ALREADY_ABORTED;
    }

    /**
     * The marker that decides the transaction: the one already in the log, else the first in queue
     * order after this client writes {@code wanted} with {@code nonce} (its own if the nonce matches).
     */
    private MarkerLog.Marker firstMarker(
            String address, TransactionHandle handle, MarkerLog.Decision wanted, String nonce) {
        MarkerLog log =
                markers(handle.brokerName(), address, handle.halfMessages().markerTopic());
        MarkerLog.Marker first = log.decision(handle.markerKey());
        return first != null
                ? first
                : log.decide(handle.markerKey(), wanted, nonce, context.rpc().timeoutMs());
    }

    private static TransactionException refused(TransactionHandle handle, String address, int code, String why) {
        return new TransactionException(
                "transaction " + handle.markerKey() + " (half-message fallback) at " + address + ": " + why,
                code,
                why,
                address);
    }
}
