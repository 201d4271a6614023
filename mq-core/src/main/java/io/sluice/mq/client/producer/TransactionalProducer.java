package io.sluice.mq.client.producer;

import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.internal.GroupMember;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.common.Checks;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.remoting.RemoteChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages in RocketMQ's transactional mode (REMOTING.md 2.8, 4.5): the message is stored as
 * an invisible half message, the {@link TransactionListener} runs the local transaction, and
 * END_TRANSACTION (oneway, as the official client sends it) commits or rolls it back. When the
 * outcome is UNKNOWN or the END_TRANSACTION is lost, the broker later sends CHECK_TRANSACTION_STATE
 * to a live producer of the group; this producer answers it from {@link TransactionListener#check}
 * on the client's check thread. Works against Sluice and Apache RocketMQ brokers.
 *
 * <p>Thread-safe. Created by {@link io.sluice.mq.client.MqClient#newTransactionalProducer}; {@link
 * #close()} unregisters its group, after which the broker can no longer check it.
 */
public final class TransactionalProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalProducer.class);

    private final Producer producer;
    private final TransactionListener listener;

    /** Used by {@link io.sluice.mq.client.MqClient}; wraps a registered producer of the group. */
    public TransactionalProducer(Producer producer, TransactionListener listener) {
        this.producer = Checks.notNull(producer, "producer");
        this.listener = Checks.notNull(listener, "listener");
        producer.checkHandler(new GroupMember() {
            @Override
            public void onTransactionCheck(RemoteChannel channel, RemotingCommand request, WireMessage message) {
                answerCheck(channel, request, message);
            }
        });
    }

    public ProducerConfig config() {
        return producer.config();
    }

    /**
     * Stores {@code message} as a half message, runs the local transaction, and tells the broker its
     * outcome. A listener that throws counts as UNKNOWN (the broker will check).
     *
     * @param argument handed to {@link TransactionListener#executeLocal}
     * @throws io.sluice.mq.client.ClientException if the half message could not be sent (the local
     *     transaction did not run)
     */
    public TransactionSendResult send(Message message, Object argument) {
        SendResult half = join(producer.sendHalfAsync(message));
        TransactionState state;
        try {
            state = listener.executeLocal(message, half, argument);
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - user code; the broker will check
            LOG.warn("local transaction of {} failed; its state is UNKNOWN until checked", half.msgId(), e);
            state = TransactionState.UNKNOWN;
        }
        if (state == null) {
            state = TransactionState.UNKNOWN;
        }
        endTransaction(half, state);
        return new TransactionSendResult(half, state);
    }

    private void endTransaction(SendResult half, TransactionState state) {
        RemotingCommand request = RemotingCommand.request(RequestCode.END_TRANSACTION)
                .putExt("producerGroup", producer.config().group())
                .putExt("tranStateTableOffset", half.queueOffset())
                .putExt("commitLogOffset", MessageIds.decode(half.offsetMsgId()).logPosition())
                .putExt("commitOrRollback", state.wireCode())
                .putExt("fromTransactionCheck", false)
                .putExt("msgId", half.msgId())
                .putExt("transactionId", half.msgId());
        try {
            String address = producer.brokerAddress(half.queue().brokerName());
            producer.context()
                    .rpc()
                    .remoting()
                    .invokeOneway(address, request)
                    .get(producer.config().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted ending transaction {}; the broker will check it", half.msgId());
        } catch (Exception e) { // CHECKSTYLE.OFF: IllegalCatch - a lost END_TRANSACTION is recovered by the check
            LOG.warn(
                    "END_TRANSACTION {} of {} not sent; the broker will check it: {}",
                    state,
                    half.msgId(),
                    e.toString());
        }
    }

    /** Answers a broker's check on the connection it came on (oneway, as official clients do). */
    private void answerCheck(RemoteChannel channel, RemotingCommand check, WireMessage message) {
        ReceivedMessage received = ReceivedMessage.from(message, check.ext("bname"));
        TransactionState state;
        try {
            state = listener.check(received);
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - user code; the broker asks again
            LOG.warn("transaction check of {} failed; answered UNKNOWN", received.msgId(), e);
            state = TransactionState.UNKNOWN;
        }
        if (state == null || state == TransactionState.UNKNOWN) {
            return; // nothing to tell; the broker asks again next period
        }
        RemotingCommand answer = RemotingCommand.request(RequestCode.END_TRANSACTION)
                .putExt("producerGroup", producer.config().group())
                .putExt("tranStateTableOffset", check.requireExtLong("tranStateTableOffset"))
                .putExt("commitLogOffset", check.requireExtLong("commitLogOffset"))
                .putExt("commitOrRollback", state.wireCode())
                .putExt("fromTransactionCheck", true)
                .putExt("msgId", received.msgId())
                .putExt("transactionId", check.ext("transactionId"))
                .markOneway();
        CompletableFuture<Void> sent = channel.sendOneway(answer);
        TransactionState answered = state;
        sent.whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("answer {} to the check of {} not sent: {}", answered, received.msgId(), error.toString());
            }
        });
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - unwrap CompletionException for callers
            throw ResponseErrors.rethrowable(e);
        }
    }

    /** Closes the underlying producer (unregisters the group). Idempotent. */
    @Override
    public void close() {
        producer.close();
    }
}
