package io.sluice.mq.client.transaction;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.MessageSysFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends END_TRANSACTION (37, REMOTING.md 2.8) for the half messages of a fallback transaction:
 * COMMIT (8) or ROLLBACK (12) per half, at most {@value #WINDOW} in flight, each waiting for the
 * broker's answer (unlike the official client's oneway END, so a commit knows it was applied).
 * Stateless apart from its context; thread-safe.
 */
final class HalfMessageEnds {

    /** END_TRANSACTION requests in flight at once. */
    static final int WINDOW = 128;

    private final ClientContext context;

    HalfMessageEnds(ClientContext context) {
        this.context = context;
    }

    /** The END_TRANSACTION request for {@code half}. */
    static RemotingCommand request(String group, HalfMessageIds.Half half, boolean commit, boolean fromCheck) {
        return RemotingCommand.request(RequestCode.END_TRANSACTION)
                .putExt("producerGroup", group)
                .putExt("tranStateTableOffset", half.queueOffset())
                .putExt("commitLogOffset", half.commitLogOffset())
                .putExt(
                        "commitOrRollback",
                        commit ? MessageSysFlag.TRANSACTION_COMMIT_TYPE : MessageSysFlag.TRANSACTION_ROLLBACK_TYPE)
                .putExt("fromTransactionCheck", fromCheck)
                .putExt("msgId", half.msgId())
                .putExt("transactionId", half.msgId());
    }

    /**
     * Ends every half of {@code handle} at {@code address}.
     *
     * @throws ClientException naming how many ENDs failed and the first failure (the marker already
     *     decided the transaction: the broker's check-back finishes what failed here)
     */
    void endAll(String address, TransactionHandle handle, boolean commit) {
        HalfMessageIds ids = handle.halfMessages();
        long timeoutMs = context.rpc().timeoutMs();
        int failed = 0;
        Throwable first = null;
        List<HalfMessageIds.Half> halves = ids.ids();
        for (int from = 0; from < halves.size(); from += WINDOW) {
            List<CompletableFuture<RemotingCommand>> window = new ArrayList<>();
            for (HalfMessageIds.Half half : halves.subList(from, Math.min(halves.size(), from + WINDOW))) {
                window.add(context.rpc()
                        .remoting()
                        .invoke(address, request(ids.producerGroup(), half, commit, false), timeoutMs));
            }
            for (CompletableFuture<RemotingCommand> end : window) {
                Throwable error = await(end, address, timeoutMs);
                if (error != null) {
                    failed++;
                    first = first == null ? error : first;
                }
            }
        }
        if (failed > 0) {
            throw new ClientException(
                    (commit ? "COMMIT" : "ROLLBACK") + " of " + failed + " of " + halves.size() + " half messages of "
                            + handle.markerKey() + " at " + address + " failed (the marker decided it; the broker's"
                            + " check-back to a producer of group " + ids.producerGroup() + " finishes them)",
                    first);
        }
    }

    /** Waits for one END; returns its failure or null. */
    private static Throwable await(CompletableFuture<RemotingCommand> end, String address, long timeoutMs) {
        try {
            RemotingCommand response = end.get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
            if (response.code() != ResponseCode.SUCCESS) {
                return ResponseErrors.of("END_TRANSACTION", address, response);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ResponseErrors.rethrowable(e);
        } catch (ExecutionException | TimeoutException e) {
            return ResponseErrors.unwrap(e);
        }
    }
}
