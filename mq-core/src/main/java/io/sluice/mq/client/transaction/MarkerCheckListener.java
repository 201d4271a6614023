package io.sluice.mq.client.transaction;

import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.GroupMember;
import io.sluice.mq.client.producer.TransactionState;
import io.sluice.mq.common.MqException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.remoting.RemoteChannel;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a stock broker's CHECK_TRANSACTION_STATE for the half messages of fallback transactions
 * of one producer group (docs/design/exactly-once-primitives.md §5.1), from the {@link MarkerLog}:
 *
 * <ul>
 *   <li>COMMIT when the transaction's first marker is COMMIT and this listener has known it for at
 *       least {@code commitGraceMs} (a committer that just wrote the marker is sending its own
 *       ENDs: answering at once could commit a half twice, which a stock broker would deliver twice);
 *   <li>ROLLBACK when the first marker is ABORT, or when a later txnSeq of the same producer session
 *       ({@code transactionalId|producerId}) has a marker and this one has none (the producer
 *       moved on without committing it): then the listener first writes an ABORT marker and rolls
 *       back only if that marker came first, so a commit racing with the check-back cannot commit
 *       halves the broker already rolled back (a stock broker would deliver them);
 *   <li>otherwise no answer (UNKNOWN): the broker asks again, and rolls back after its {@code
 *       transactionCheckMax}.
 * </ul>
 *
 * <p>A half names its transaction in the property {@value #PROPERTY} ({@link
 * TransactionHandle#markerKey()}). Registered with the client as a member of the group (so the
 * broker finds a channel to check on); runs on the client's check thread. Thread-safe.
 */
final class MarkerCheckListener implements GroupMember {

    /** The half-message property naming the transaction: {@code transactionalId|producerId|txnSeq}. */
    static final String PROPERTY = "SLUICE_EO_TXN";

    private static final Logger LOG = LoggerFactory.getLogger(MarkerCheckListener.class);

    private final String group;
    private final Set<String> topics;
    private final MarkerLog log;
    private final ClientContext context;
    private final long commitGraceMs;

    MarkerCheckListener(String group, Set<String> topics, MarkerLog log, ClientContext context, long commitGraceMs) {
        this.group = group;
        this.topics = Set.copyOf(topics);
        this.log = log;
        this.context = context;
        this.commitGraceMs = commitGraceMs;
    }

    @Override
    public String producerGroup() {
        return group;
    }

    @Override
    public Set<String> topics() {
        return topics;
    }

    @Override
    public void onTransactionCheck(RemoteChannel channel, RemotingCommand request, WireMessage message) {
        String key = message.property(PROPERTY);
        if (key == null) {
            LOG.info(
                    "check of a half message of group {} without {}; not a fallback transaction, no answer",
                    group,
                    PROPERTY);
            return;
        }
        TransactionState state;
        try {
            state = decide(key);
        } catch (MqException e) {
            LOG.warn("check of {}: marker log unreadable, answered UNKNOWN: {}", key, e.toString());
            return;
        }
        if (state == TransactionState.UNKNOWN) {
            return;
        }
        HalfMessageIds.Half half = new HalfMessageIds.Half(
                request.requireExtLong("tranStateTableOffset"),
                request.requireExtLong("commitLogOffset"),
                message.property(MessageConst.UNIQ_KEY));
        RemotingCommand answer = HalfMessageEnds.request(group, half, state == TransactionState.COMMIT, true)
                .markOneway();
        String transactionId = request.ext("transactionId");
        if (transactionId != null) {
            answer.putExt("transactionId", transactionId);
        }
        channel.sendOneway(answer).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("answer to the check of {} not sent (the broker asks again): {}", key, error.toString());
            }
        });
    }

    /** The answer for the transaction {@code key} now (the rules of the class javadoc). */
    TransactionState decide(String key) {
        MarkerLog.Marker marker = log.decision(key);
        if (marker == null) {
            int bar = key.lastIndexOf('|');
            long seq = Long.parseLong(key.substring(bar + 1));
            if (log.highestDecided(key.substring(0, bar)) <= seq) {
                return TransactionState.UNKNOWN;
            }
            marker = log.decide(
                    key,
                    MarkerLog.Decision.ABORT,
                    context.ids().next(),
                    context.rpc().timeoutMs());
        }
        if (marker.decision() == MarkerLog.Decision.ABORT) {
            return TransactionState.ROLLBACK;
        }
        return context.clock().nowMs() - marker.seenAtMs() >= commitGraceMs
                ? TransactionState.COMMIT
                : TransactionState.UNKNOWN;
    }
}
