package io.sluice.mq.client.transaction;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.ResponseError;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.client.internal.SendCodec;
import io.sluice.mq.client.internal.TopicRoute;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.Checks;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.RemotingCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transactional producer of Sluice's broker-native exactly-once batches
 * (docs/design/exactly-once-primitives.md §5):
 *
 * <pre>{@code
 * ExactlyOnceProducer p = client.newExactlyOnceProducer(ProducerConfig.of("sink"), "sink-3-slot-0", "Orders");
 * p.begin();
 * p.send(message); ...                        // staged: durable, invisible to consumers
 * TransactionHandle h = p.prepareCommit();    // waits for every ack, seals; h goes into the checkpoint
 * client.commit(h);                           // any client; idempotent (ALREADY_COMMITTED)
 * }</pre>
 *
 * <p>Creating it sends INIT for the transactional id, which bumps the epoch and fences every older
 * producer of that id: their sends, commits and aborts then fail with {@link TransactionException}
 * ({@link TransactionException#fenced()}), and their unsealed transactions are aborted. A sealed
 * transaction stays committable by any client. A transaction lives on one broker, chosen from the
 * given topic's brokers by the transactional id; messages to queues of other brokers are refused.
 * Staged sends carry a per-queue sequence and are retried with it (up to the config's {@code
 * retries}): the broker stages a retried send once and refuses gaps (design note §4.2). A send that
 * fails for good makes the transaction abort-only, and the next {@link #begin()} starts a new
 * session (epoch).
 *
 * <p><b>Against a stock RocketMQ broker</b> (it answers the feature probe with
 * REQUEST_CODE_NOT_SUPPORTED, asked once per broker) the producer falls back to RocketMQ half
 * messages ({@link #halfMessageFallback()}; §5.1 of the design note): every send is a half message,
 * {@link #prepareCommit()} returns a handle listing the halves, a commit first writes a durable
 * COMMIT marker to the marker topic ({@code SLUICE_EO_MARKERS}) and then commits each half, an
 * abort writes an ABORT marker and rolls each half back, and this producer answers the broker's
 * check-backs from the markers while it is open. <b>The guarantee is weaker</b>: no atomic
 * visibility across queues (consumers can see part of a committing transaction for a moment), no
 * dense offsets, no fencing of zombie producers (and {@link #producerId()} is made up by the client,
 * {@link #epoch()} is 0), no listing of open transactions, and a transaction not committed before
 * the broker's {@code transactionCheckMax} check-backs is rolled back by the broker. Commit and
 * abort stay idempotent and can be done by any client holding the handle; a committer that dies
 * after the marker is completed by the check-back, so some producer of the same group must be
 * running. {@link #unavailableFeatures()} names what the broker lacks.
 *
 * <p>Thread-safe for sends within a transaction; {@link #begin}, {@link #prepareCommit} and {@link
 * #abort} are meant for one thread (the sink's). Not registered as a producer group with a
 * Sluice broker (it never checks back); in the fallback it is, to answer check-backs.
 */
public final class ExactlyOnceProducer implements AutoCloseable {

    private final TransactionRpc rpc;
    private final ClientContext context;
    private final ProducerConfig config;
    private final String transactionalId;
    private final String topic;
    private final String brokerName;
    private final String address;
    private final Duration transactionTimeout;
    private final HalfMessageMode fallback;
    private volatile TransactionRpc.Session session;
    private volatile StagedSequences sequences;
    private final AtomicInteger counter = new AtomicInteger();
    private long txnSeq;
    private volatile Txn current;
    private volatile boolean closed;

    /** The transaction being written: its number, acknowledged sends and sends in flight. */
    private static final class Txn {
        final long seq;
        final List<SendResult> acked = new ArrayList<>();
        final List<CompletableFuture<SendResult>> sends = new ArrayList<>();

        Txn(long seq) {
            this.seq = seq;
        }
    }

    /** Used by {@link io.sluice.mq.client.MqClient#newExactlyOnceProducer}; sends INIT. */
    public ExactlyOnceProducer(
            TransactionRpc rpc, ProducerConfig config, String transactionalId, String topic, Duration timeout) {
        Checks.argument(
                transactionalId != null && transactionalId.matches("[A-Za-z0-9_.:-]{1,200}"),
                "transactionalId '%s' must be 1 to 200 characters of [A-Za-z0-9_.:-]",
                transactionalId);
        this.rpc = rpc;
        this.context = rpc.context();
        this.config = config;
        this.transactionalId = transactionalId;
        this.topic = topic;
        this.transactionTimeout = timeout;
        TopicRoute route = context.routes().publishRoute(topic);
        List<String> brokers = new ArrayList<>(new TreeSet<>(route.masters().keySet()));
        if (brokers.isEmpty()) {
            throw new ClientException("topic " + topic + " has no master broker", ResponseError.LOCAL, null, null);
        }
        this.brokerName = brokers.get(Math.floorMod(transactionalId.hashCode(), brokers.size()));
        this.address = route.masterOf(brokerName);
        if (rpc.features(address).contains("transactions")) {
            this.fallback = null;
            this.session = rpc.init(address, transactionalId, timeout);
            this.sequences = new StagedSequences(config.retries());
        } else {
            this.fallback = new HalfMessageMode(
                    rpc.halfMessages(),
                    config.group(),
                    brokerName,
                    address,
                    topic,
                    HalfMessageMode.DEFAULT_MARKER_TOPIC);
            this.session = new TransactionRpc.Session(fallback.producerId(), 0);
        }
    }

    /**
     * True when the broker lacks the Sluice extensions and this producer uses the half-message
     * fallback with its weaker guarantee (class javadoc).
     */
    public boolean halfMessageFallback() {
        return fallback != null;
    }

    /** The Sluice extensions this producer's broker lacks: empty, or {@code idempotence} and {@code transactions}. */
    public Set<String> unavailableFeatures() {
        return fallback == null ? Set.of() : Set.of("idempotence", "transactions");
    }

    public String transactionalId() {
        return transactionalId;
    }

    /** The producer id the broker gave the transactional id. */
    public long producerId() {
        return session.producerId();
    }

    /** This producer's epoch; a newer producer of the same transactional id fences it. */
    public int epoch() {
        return session.epoch();
    }

    /** The broker that holds this producer's transactions. */
    public String brokerName() {
        return brokerName;
    }

    /**
     * Starts a new transaction; the previous one must have been prepared or aborted. After a staged
     * send failed for good (its sequence may or may not be staged) this first starts a new session
     * (INIT: same producer id, next epoch; prepared transactions stay committable).
     */
    public synchronized void begin() {
        checkOpen();
        Checks.state(current == null, "transaction %s of %s is still open", txnSeq, transactionalId);
        if (fallback == null && sequences.broken()) {
            session = rpc.init(address, transactionalId, transactionTimeout);
            sequences = new StagedSequences(config.retries());
            txnSeq = 0;
        }
        current = new Txn(++txnSeq);
    }

    /** Stages {@code message} on a queue of this producer's broker (round robin) and waits for the ack. */
    public SendResult send(Message message) {
        return join(sendAsync(message));
    }

    /** Stages {@code message} on {@code queue}, which must be on this producer's broker. */
    public SendResult send(Message message, MessageQueue queue) {
        return join(sendAsync(message, queue));
    }

    /** Asynchronous {@link #send(Message)}. */
    public CompletableFuture<SendResult> sendAsync(Message message) {
        List<MessageQueue> queues = new ArrayList<>();
        for (MessageQueue queue : context.routes().publishRoute(message.topic()).publishQueues()) {
            if (queue.brokerName().equals(brokerName)) {
                queues.add(queue);
            }
        }
        if (queues.isEmpty()) {
            return CompletableFuture.failedFuture(new ClientException(
                    "topic " + message.topic() + " has no writable queue on broker " + brokerName
                            + " (a transaction stays on one broker)",
                    ResponseError.LOCAL,
                    null,
                    null));
        }
        return sendAsync(message, queues.get(Math.floorMod(counter.getAndIncrement(), queues.size())));
    }

    /** Asynchronous {@link #send(Message, MessageQueue)}. */
    public CompletableFuture<SendResult> sendAsync(Message message, MessageQueue queue) {
        Checks.argument(queue.topic().equals(message.topic()), "queue %s is not of topic %s", queue, message.topic());
        Checks.argument(
                queue.brokerName().equals(brokerName),
                "queue %s is not on broker %s, which holds this producer's transactions",
                queue,
                brokerName);
        checkOpen();
        Txn txn = current;
        Checks.state(txn != null, "no open transaction: call begin() first");
        SendCodec.Prepared prepared = SendCodec.prepare(
                message, context.ids().next(), config.compressThresholdBytes(), config.maxMessageBytes());
        CompletableFuture<SendResult> sent;
        if (fallback != null) {
            RemotingCommand half = SendCodec.single(
                    config.group(),
                    fallback.half(prepared, transactionalId, txn.seq),
                    queue,
                    context.clock().nowMs());
            sent = attempt(txn, queue, prepared, half);
        } else {
            TransactionRpc.Session writer = session;
            sent = sequences.send(
                    queue,
                    seq -> attempt(
                            txn,
                            queue,
                            prepared,
                            SendCodec.single(
                                            config.group(),
                                            prepared,
                                            queue,
                                            context.clock().nowMs())
                                    .putExt("slPid", writer.producerId())
                                    .putExt("slEpoch", writer.epoch())
                                    .putExt("slTxnSeq", txn.seq)
                                    .putExt("slSeq", seq)));
        }
        sent = sent.thenApply(result -> {
            synchronized (txn.acked) {
                txn.acked.add(result);
            }
            return result;
        });
        synchronized (txn.sends) {
            txn.sends.add(sent);
        }
        return sent;
    }

    /** One attempt of a staged send: its answer, or the exception for a refusal. */
    private CompletableFuture<SendResult> attempt(
            Txn txn, MessageQueue queue, SendCodec.Prepared prepared, RemotingCommand request) {
        return context.rpc()
                .remoting()
                .invoke(address, request, config.sendTimeout().toMillis())
                .thenApply(response -> {
                    if (response.code() >= 5100 && response.code() <= 5105) {
                        throw TransactionRpc.failure(
                                "staged send of transaction " + txn.seq + " to " + queue, address, response);
                    }
                    return SendCodec.result(address, queue, prepared.uniqKey(), response);
                });
    }

    /**
     * Waits for every send of the current transaction (each bounded by the send timeout), then
     * seals it on the broker: from then on it survives fencing and can be committed by any client
     * holding the returned handle. Throws if a send failed (abort the transaction then).
     */
    public synchronized TransactionHandle prepareCommit() {
        checkOpen();
        Txn txn = current;
        Checks.state(txn != null, "no open transaction: call begin() first");
        Throwable failed = awaitSends(txn);
        if (failed != null) {
            throw new ClientException(
                    "a staged send of transaction " + txn.seq + " of " + transactionalId + " failed; abort it", failed);
        }
        TransactionHandle handle = handle(txn);
        if (handle.stagedCount() > 0 && fallback == null) {
            rpc.seal(address, handle);
        }
        current = null;
        return handle;
    }

    /** Aborts the current transaction (if any): its staged messages are never delivered. */
    public synchronized TransactionOutcome abort() {
        Txn txn = current;
        if (txn == null) {
            return TransactionOutcome.ALREADY_ABORTED;
        }
        current = null;
        awaitSends(txn); // a failed send is why callers abort: what was acknowledged is aborted below
        TransactionHandle handle = handle(txn);
        return handle.stagedCount() == 0 ? TransactionOutcome.ABORTED : rpc.abort(handle);
    }

    private TransactionHandle handle(Txn txn) {
        List<SendResult> acked;
        synchronized (txn.acked) {
            acked = List.copyOf(txn.acked);
        }
        return new TransactionHandle(
                transactionalId,
                session.producerId(),
                session.epoch(),
                txn.seq,
                brokerName,
                topic,
                acked.size(),
                fallback == null ? null : fallback.ids(acked));
    }

    /** Waits for the transaction's sends; returns the first failure, or null if all were acknowledged. */
    private Throwable awaitSends(Txn txn) {
        List<CompletableFuture<SendResult>> sends;
        synchronized (txn.sends) {
            sends = List.copyOf(txn.sends);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0]));
        try {
            // Each send is bounded by its attempts' timeouts (a retry after a 5100 also waits for earlier ones).
            all.get(config.sendTimeout().toMillis() * (2L * config.retries() + 2) + 1000, TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ResponseErrors.rethrowable(e);
        } catch (ExecutionException | TimeoutException e) {
            return ResponseErrors.unwrap(e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - unwrap CompletionException for callers
            throw ResponseErrors.rethrowable(e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ClientException(
                    "exactly-once producer " + transactionalId + " is closed", ResponseError.LOCAL, null, null);
        }
    }

    /**
     * Closes the producer. An unprepared transaction is left to the broker's timeout (or the next
     * producer of the same id, whose INIT aborts it); prepared ones stay committable. In the
     * half-message fallback it stops answering check-backs. Idempotent.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (fallback != null) {
                fallback.close();
            }
        }
    }
}
