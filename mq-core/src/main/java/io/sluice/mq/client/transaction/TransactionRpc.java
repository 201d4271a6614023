package io.sluice.mq.client.transaction;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.ResponseError;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.client.internal.TopicRoute;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client side of the extension codes 5000-5003: feature detection (remembered per broker
 * address: a stock broker is asked once), INIT, END_TXN and LIST. One per {@link
 * io.sluice.mq.client.MqClient}. Thread-safe.
 */
public final class TransactionRpc {

    /** A producer session from INIT. */
    record Session(long producerId, int epoch) {}

    private final ClientContext context;
    private final Map<String, Set<String>> features = new ConcurrentHashMap<>();
    private final HalfMessageTransactions halfMessages;

    public TransactionRpc(ClientContext context) {
        this.context = context;
        this.halfMessages = new HalfMessageTransactions(context);
    }

    /** Commit and abort of the half-message fallback's transactions. */
    HalfMessageTransactions halfMessages() {
        return halfMessages;
    }

    ClientContext context() {
        return context;
    }

    /**
     * The extension features of the broker at {@code address} (empty for a stock RocketMQ broker,
     * which answers 3); asked once per address.
     */
    public Set<String> features(String address) {
        return features.computeIfAbsent(address, a -> {
            RemotingCommand response = call(a, RemotingCommand.request(RequestCode.SLUICE_FEATURES));
            if (response.code() == ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
                return Set.of();
            }
            ResponseErrors.requireSuccess("SLUICE_FEATURES", a, response);
            String list = response.ext("features");
            return list == null || list.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(list.split(",")));
        });
    }

    /** INIT at {@code address}: fences older sessions of {@code transactionalId} ("" = idempotent only). */
    Session init(String address, String transactionalId, Duration transactionTimeout) {
        requireFeature(address, "transactions", "SLUICE_INIT_PRODUCER");
        RemotingCommand request = RemotingCommand.request(RequestCode.SLUICE_INIT_PRODUCER)
                .putExt("transactionTimeoutMs", transactionTimeout.toMillis());
        if (!transactionalId.isEmpty()) {
            request.putExt("transactionalId", transactionalId);
        }
        RemotingCommand response = ResponseErrors.requireSuccess(
                "SLUICE_INIT_PRODUCER of " + transactionalId, address, call(address, request));
        return new Session(response.requireExtLong("producerId"), response.requireExtInt("epoch"));
    }

    private void requireFeature(String address, String feature, String request) {
        if (!features(address).contains(feature)) {
            throw new ExtensionsUnavailableException(address, request);
        }
    }

    /** SEAL: the broker keeps the transaction committable by any client, even after fencing. */
    void seal(String address, TransactionHandle handle) {
        RemotingCommand response = call(address, endRequest(handle, "SEAL"));
        if (response.code() != ResponseCode.SUCCESS) {
            throw failure("seal of " + handle, address, response);
        }
    }

    /** Commits {@code handle}; see {@link io.sluice.mq.client.MqClient#commit}. */
    public TransactionOutcome commit(TransactionHandle handle) {
        if (handle.stagedCount() == 0) {
            return TransactionOutcome.COMMITTED; // nothing was staged, so nothing exists on the broker
        }
        String address = address(handle);
        if (handle.isHalfMessageFallback()) {
            return halfMessages.commit(address, handle);
        }
        RemotingCommand response = call(address, endRequest(handle, "COMMIT"));
        return switch (response.code()) {
            case ResponseCode.SUCCESS -> TransactionOutcome.COMMITTED;
            case ResponseCode.TXN_ALREADY_COMMITTED -> TransactionOutcome.ALREADY_COMMITTED;
            default -> throw failure("commit of " + handle, address, response);
        };
    }

    /** Aborts {@code handle}; see {@link io.sluice.mq.client.MqClient#abort}. */
    public TransactionOutcome abort(TransactionHandle handle) {
        String address = address(handle);
        if (handle.isHalfMessageFallback()) {
            return halfMessages.abort(address, handle);
        }
        RemotingCommand response = call(address, endRequest(handle, "ABORT"));
        return switch (response.code()) {
            case ResponseCode.SUCCESS -> TransactionOutcome.ABORTED;
            case ResponseCode.TXN_ALREADY_ABORTED, ResponseCode.TXN_TIMED_OUT -> TransactionOutcome.ALREADY_ABORTED;
            case ResponseCode.TXN_UNKNOWN ->
                handle.stagedCount() == 0
                        ? TransactionOutcome.ABORTED // never reached the broker
                        : throwing(failure("abort of " + handle, address, response));
            default -> throw failure("abort of " + handle, address, response);
        };
    }

    private static TransactionOutcome throwing(RuntimeException e) {
        throw e;
    }

    /** Transactions whose id starts with {@code prefix} on every master the client knows. */
    public List<TransactionInfo> list(String prefix, TransactionListing listing, List<String> topics) {
        Set<Map.Entry<String, String>> masters = new LinkedHashSet<>();
        for (String topic : topics) {
            TopicRoute route = context.routes().route(topic);
            masters.addAll(route.masters().entrySet());
        }
        masters.addAll(context.routes().masters().entrySet());
        List<TransactionInfo> found = new ArrayList<>();
        for (Map.Entry<String, String> master : masters) {
            if (!features(master.getValue()).contains("transactions")) {
                continue; // a stock broker holds no such transactions
            }
            RemotingCommand response = ResponseErrors.requireSuccess(
                    "SLUICE_LIST_TXNS",
                    master.getValue(),
                    call(
                            master.getValue(),
                            RemotingCommand.request(RequestCode.SLUICE_LIST_TXNS)
                                    .putExt("prefix", prefix)
                                    .putExt("state", listing.name())));
            for (Object row : (List<?>) Json.parse(new String(response.bodyBytes(), StandardCharsets.UTF_8))) {
                found.add(info(master.getKey(), asMap(row)));
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object row) {
        return (Map<String, Object>) row;
    }

    private static TransactionInfo info(String brokerName, Map<String, Object> row) {
        return new TransactionInfo(
                brokerName,
                JsonFields.requireString(row, "transactionalId"),
                JsonFields.longValue(row, "producerId", 0),
                JsonFields.intValue(row, "epoch", 0),
                JsonFields.longValue(row, "txnSeq", 0),
                JsonFields.requireString(row, "state"),
                JsonFields.intValue(row, "stagedCount", -1),
                JsonFields.longValue(row, "ageMs", -1));
    }

    private static RemotingCommand endRequest(TransactionHandle handle, String action) {
        return RemotingCommand.request(RequestCode.SLUICE_END_TXN)
                .putExt("transactionalId", handle.transactionalId())
                .putExt("producerId", handle.producerId())
                .putExt("epoch", handle.epoch())
                .putExt("txnSeq", handle.txnSeq())
                .putExt("action", action)
                .putExt("stagedCount", handle.stagedCount());
    }

    /** The master of the handle's broker, looking up the handle's topic when no route names it yet. */
    String address(TransactionHandle handle) {
        String address = context.routes().masterOf(handle.brokerName());
        if (address == null) {
            address = context.routes().route(handle.topic()).masterOf(handle.brokerName());
        }
        if (address == null) {
            throw new ClientException(
                    "no master for broker " + handle.brokerName() + " of transaction " + handle,
                    ResponseError.LOCAL,
                    null,
                    null);
        }
        return address;
    }

    private RemotingCommand call(String address, RemotingCommand request) {
        return context.rpc().call(address, request, context.rpc().timeoutMs());
    }

    static RuntimeException failure(String what, String address, RemotingCommand response) {
        int code = response.code();
        if (code >= ResponseCode.OUT_OF_ORDER_SEQUENCE && code <= ResponseCode.TXN_TIMED_OUT) {
            return new TransactionException(
                    what + " failed at " + address + ": " + ResponseCode.name(code) + " (" + code + "), "
                            + response.remark(),
                    code,
                    response.remark(),
                    address);
        }
        return ResponseErrors.of(what, address, response);
    }
}
