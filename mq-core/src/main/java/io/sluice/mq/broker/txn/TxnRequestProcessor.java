package io.sluice.mq.broker.txn;

import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.json.JsonWriter;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Serves the extension codes 5000-5003 (design note §2):
 *
 * <ul>
 *   <li>{@code SLUICE_INIT_PRODUCER}: {@code transactionalId} (optional), {@code
 *       transactionTimeoutMs}; answers {@code producerId}, {@code epoch}, {@code
 *       maxTransactionTimeoutMs} once the EPOCH record is written.
 *   <li>{@code SLUICE_END_TXN}: {@code transactionalId}, {@code producerId}, {@code epoch}, {@code
 *       txnSeq}, {@code action} = COMMIT | ABORT | SEAL (or {@code commit} = true/false), {@code
 *       stagedCount} (optional check); answers 0 or 5101-5105.
 *   <li>{@code SLUICE_LIST_TXNS}: {@code prefix}, {@code state} = OPEN | ALL; body: JSON array.
 *   <li>{@code SLUICE_FEATURES}: ext {@code features}, comma-separated.
 * </ul>
 *
 * Runs on its own small pool (a commit reads the staged records). Thread-safe.
 */
final class TxnRequestProcessor implements RequestProcessor {

    /** Longest transaction timeout a producer may ask for: bounds how long staged data is pinned. */
    static final long MAX_TIMEOUT_MS = 15 * 60 * 1000L;

    static final long DEFAULT_TIMEOUT_MS = 60 * 1000L;

    private final TxnCoordinator coordinator;
    private final TxnEnder ender;
    private final Clock clock;

    TxnRequestProcessor(TxnCoordinator coordinator, TxnEnder ender, Clock clock) {
        this.coordinator = coordinator;
        this.ender = ender;
        this.clock = clock;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        try {
            switch (request.code()) {
                case RequestCode.SLUICE_INIT_PRODUCER -> init(context, request);
                case RequestCode.SLUICE_END_TXN -> end(context, request);
                case RequestCode.SLUICE_LIST_TXNS -> list(context, request);
                case RequestCode.SLUICE_FEATURES ->
                    context.respond(RemotingCommand.success().putExt("features", TxnNames.FEATURES));
                default ->
                    context.respond(RemotingCommand.response(
                            ResponseCode.REQUEST_CODE_NOT_SUPPORTED, "code " + request.code() + " not served here"));
            }
        } catch (TxnRefused e) {
            context.respond(RemotingCommand.response(e.code(), e.getMessage()));
        }
    }

    private void init(RequestContext context, RemotingCommand request) {
        String tid = TxnRequests.transactionalId(request, false);
        long timeoutMs = TxnRequests.longField(request, "transactionTimeoutMs", DEFAULT_TIMEOUT_MS);
        if (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
            throw new TxnRefused(
                    ResponseCode.INVALID_PARAMETER,
                    "transactionTimeoutMs " + timeoutMs + " must be between 1 and " + MAX_TIMEOUT_MS);
        }
        TxnCoordinator.Init init = coordinator.init(tid, timeoutMs);
        ender.init(init)
                .whenComplete((ignored, error) -> context.respond(
                        error != null
                                ? failure("writing the epoch of " + init.session(), error)
                                : RemotingCommand.success()
                                        .putExt("producerId", init.session().producerId())
                                        .putExt("epoch", init.session().epoch())
                                        .putExt("maxTransactionTimeoutMs", MAX_TIMEOUT_MS)));
    }

    private void end(RequestContext context, RemotingCommand request) {
        TxnHandle handle = new TxnHandle(
                TxnRequests.transactionalId(request, true),
                TxnRequests.longField(request, "producerId"),
                (int) TxnRequests.longField(request, "epoch"),
                TxnRequests.longField(request, "txnSeq"));
        TxnCoordinator.Action action = action(request);
        long expected = TxnRequests.longField(request, "stagedCount", -1);
        TxnCoordinator.End decision = coordinator.end(handle, action, expected);
        if (decision.inProgress() != null) {
            // Another client is ending it: answer by its outcome (a second commit gets 5102).
            decision.inProgress()
                    .whenComplete((outcome, error) -> context.respond(
                            error != null
                                    ? failure("the concurrent end of " + handle, error)
                                    : RemotingCommand.response(
                                            outcome.answer(), handle + " already ended: " + outcome)));
            return;
        }
        if (decision.txn() == null) {
            context.respond(RemotingCommand.success().remark(handle + " already sealed"));
            return;
        }
        CompletableFuture<Outcome> ended = ender.end(decision.txn(), action);
        ended.whenComplete((outcome, error) ->
                context.respond(error != null ? failure(action + " of " + handle, error) : RemotingCommand.success()));
    }

    private static TxnCoordinator.Action action(RemotingCommand request) {
        String action = request.ext("action");
        if (action == null) {
            String commit = request.ext("commit");
            if (commit == null) {
                throw new TxnRefused(ResponseCode.INVALID_PARAMETER, "the field action (COMMIT|ABORT|SEAL) is missing");
            }
            return Boolean.parseBoolean(commit) ? TxnCoordinator.Action.COMMIT : TxnCoordinator.Action.ABORT;
        }
        try {
            return TxnCoordinator.Action.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TxnRefused(
                    ResponseCode.INVALID_PARAMETER, "the field action is '" + action + "', not COMMIT, ABORT or SEAL");
        }
    }

    private void list(RequestContext context, RemotingCommand request) {
        String prefix = request.ext("prefix") == null ? "" : request.ext("prefix");
        String state =
                request.ext("state") == null ? "OPEN" : request.ext("state").toUpperCase(Locale.ROOT);
        if (!state.equals("OPEN") && !state.equals("ALL")) {
            throw new TxnRefused(ResponseCode.INVALID_PARAMETER, "the field state is '" + state + "', not OPEN or ALL");
        }
        List<Object> rows = new ArrayList<>();
        for (TxnInfo info : coordinator.list(prefix, state.equals("ALL"), clock.nowMs())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("transactionalId", info.handle().transactionalId());
            row.put("producerId", info.handle().producerId());
            row.put("epoch", info.handle().epoch());
            row.put("txnSeq", info.handle().txnSeq());
            row.put("state", info.state());
            row.put("stagedCount", info.stagedCount());
            row.put("ageMs", info.ageMs());
            rows.add(row);
        }
        context.respond(RemotingCommand.success().body(JsonWriter.write(rows).getBytes(StandardCharsets.UTF_8)));
    }

    private static RemotingCommand failure(String what, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, what + " failed: " + cause);
    }
}
