package io.sluice.mq.broker.transaction;

import io.sluice.mq.common.CorruptRecordException;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageSysFlag;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * END_TRANSACTION (37, REMOTING.md 2.8): reads the half copy at {@code commitLogOffset}, checks it
 * is the half message the header names ({@code tranStateTableOffset}, {@code producerGroup}), and
 * commits or rolls back its transaction through the {@link TransactionResolver}. UNKNOWN (0)
 * leaves it to the check. A repeated resolution is a no-op: the same outcome again is answered
 * SUCCESS with a remark, the other outcome TRANSACTION_FAILED (4) naming the outcome that stands.
 * Official clients send this request oneway and read no answer; the answers are for callers that
 * wait for one. Runs on a pool (it reads the commit log).
 *
 * <p>Thread-safe.
 */
final class EndTransactionProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EndTransactionProcessor.class);

    private final FileMessageStore store;
    private final TransactionResolver resolver;

    EndTransactionProcessor(FileMessageStore store, TransactionResolver resolver) {
        this.store = store;
        this.resolver = resolver;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        String group = request.requireExt("producerGroup");
        long queueOffset = request.requireExtLong("tranStateTableOffset");
        long logPosition = request.requireExtLong("commitLogOffset");
        int type = request.requireExtInt("commitOrRollback");
        Outcome outcome =
                switch (type) {
                    case MessageSysFlag.TRANSACTION_COMMIT_TYPE -> Outcome.COMMIT;
                    case MessageSysFlag.TRANSACTION_ROLLBACK_TYPE -> Outcome.ROLLBACK;
                    case MessageSysFlag.TRANSACTION_NOT_TYPE -> null;
                    default ->
                        throw new ProtocolException("the custom field <commitOrRollback> is " + type
                                + ": expected 8 (commit), 12 (rollback) or 0 (unknown)");
                };
        if (outcome == null) {
            context.respond(RemotingCommand.response(
                    ResponseCode.SUCCESS, "state unknown: the broker will check transaction " + request.ext("msgId")));
            return;
        }
        WireMessage copy;
        try {
            copy = halfCopy(group, queueOffset, logPosition);
        } catch (IllegalArgumentException e) {
            LOG.warn("END_TRANSACTION from {} refused: {}", context.channel(), e.getMessage());
            context.respond(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage()));
            return;
        }
        boolean fromCheck = request.extBoolean("fromTransactionCheck", false);
        String id = copy.property(MessageConst.UNIQ_KEY);
        resolver.resolve(copy, outcome).whenComplete((result, error) -> {
            if (error != null) {
                LOG.warn("{} of transaction {} failed: {}", outcome, id, error.toString());
                context.respond(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, error.getMessage()));
                return;
            }
            LOG.debug("{} of transaction {} (from check: {}): {}", outcome, id, fromCheck, result);
            context.respond(answer(result, outcome, id));
        });
    }

    /** The half copy the header names; an {@link IllegalArgumentException} says what does not match. */
    private WireMessage halfCopy(String group, long queueOffset, long logPosition) {
        ByteBuffer record;
        try {
            record = store.readRecord(logPosition);
        } catch (IOException | CorruptRecordException e) {
            throw new IllegalArgumentException(
                    "no half message at commitLogOffset " + logPosition + ": " + e.getMessage(), e);
        }
        WireMessage copy = HalfMessages.decode(record);
        if (!TransactionTopics.HALF_TOPIC.equals(copy.topic())) {
            throw new IllegalArgumentException("the message at commitLogOffset " + logPosition + " is in topic "
                    + copy.topic() + ", not a half message");
        }
        if (copy.queueOffset() != queueOffset) {
            throw new IllegalArgumentException("tranStateTableOffset " + queueOffset + " does not match the half"
                    + " message at commitLogOffset " + logPosition + " (queue offset " + copy.queueOffset() + ")");
        }
        String owner = copy.property(MessageConst.PGROUP);
        if (owner != null && !owner.equals(group)) {
            throw new IllegalArgumentException("producerGroup " + group + " does not own the half message at"
                    + " commitLogOffset " + logPosition + " (its group is " + owner + ")");
        }
        return copy;
    }

    private static RemotingCommand answer(TransactionResolver.Result result, Outcome outcome, String id) {
        return switch (result) {
            case RESOLVED -> RemotingCommand.success();
            case ALREADY_SAME ->
                RemotingCommand.response(
                        ResponseCode.SUCCESS,
                        "transaction " + id + " was already resolved with " + outcome + "; nothing done");
            case ALREADY_OTHER ->
                RemotingCommand.response(
                        ResponseCode.TRANSACTION_FAILED,
                        "transaction " + id + " was already resolved with "
                                + (outcome == Outcome.COMMIT ? "ROLLBACK" : "COMMIT") + "; the " + outcome
                                + " was ignored");
            case ALREADY_FORGOTTEN ->
                RemotingCommand.response(
                        ResponseCode.SUCCESS,
                        "transaction " + id + " was resolved earlier (outcome no longer kept); nothing done");
        };
    }
}
