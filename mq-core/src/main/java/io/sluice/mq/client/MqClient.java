package io.sluice.mq.client;

import io.sluice.mq.client.admin.AdminClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.MessageListener;
import io.sluice.mq.client.consumer.OrderlyPushConsumer;
import io.sluice.mq.client.consumer.PushConsumer;
import io.sluice.mq.client.consumer.PushConsumerConfig;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.TransactionListener;
import io.sluice.mq.client.producer.TransactionalProducer;
import io.sluice.mq.client.transaction.ExactlyOnceProducer;
import io.sluice.mq.client.transaction.TransactionHandle;
import io.sluice.mq.client.transaction.TransactionInfo;
import io.sluice.mq.client.transaction.TransactionListing;
import io.sluice.mq.client.transaction.TransactionOutcome;
import io.sluice.mq.client.transaction.TransactionRpc;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.SystemClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

/**
 * One client instance of an application, like RocketMQ's {@code MQClientInstance} but not a
 * singleton: it owns the connections (one per broker or nameserver address), the route cache
 * (refreshed every 30 s and on demand), the heartbeats to every known master (every 30 s) and the
 * background threads, and creates the producers, consumers and admin client that share them. Its
 * client id is {@code ip@instanceName}.
 *
 * <pre>{@code
 * try (MqClient client = MqClient.start(ClientConfig.builder("127.0.0.1:9876").build())) {
 *     Producer producer = client.newProducer(ProducerConfig.of("orders"));
 *     producer.send(Message.builder("Orders").tags("new").body(bytes).build());
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} closes every producer and consumer it created (unregistering
 * their groups from the brokers), then stops all threads and connections.
 */
public final class MqClient implements AutoCloseable {

    private final ClientContext context;
    private final List<AutoCloseable> children = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AdminClient admin;
    private final TransactionRpc transactions;

    /**
     * A client that takes time from {@code clock} and randomness (round-robin start, id salt) from
     * {@code random}. Starts no thread; call {@link #start()}.
     */
    public MqClient(ClientConfig config, Clock clock, RandomGenerator random) {
        this.context = new ClientContext(config, clock, random);
        this.admin = new AdminClient(context);
        this.transactions = new TransactionRpc(context);
    }

    /** A started client with the system clock and the default random generator. */
    public static MqClient start(ClientConfig config) {
        MqClient client = new MqClient(config, new SystemClock(), RandomGenerator.getDefault());
        client.start();
        return client;
    }

    /** Starts the route refresh, heartbeat and rebalance schedules. Idempotent. */
    public MqClient start() {
        if (started.compareAndSet(false, true)) {
            context.start();
        }
        return this;
    }

    /** {@code ip@instanceName}, as brokers list this client among a group's consumers. */
    public String clientId() {
        return context.clientId();
    }

    public ClientConfig config() {
        return context.config();
    }

    /** A new producer of {@code config.group()}. */
    public Producer newProducer(ProducerConfig config) {
        checkOpen();
        return track(new Producer(context, config));
    }

    /**
     * A new transactional producer of {@code config.group()}: sends half messages, runs {@code
     * listener}'s local transaction, and answers the brokers' checks for the group.
     */
    public TransactionalProducer newTransactionalProducer(ProducerConfig config, TransactionListener listener) {
        checkOpen();
        Producer producer = track(new Producer(context, config));
        return new TransactionalProducer(producer, listener);
    }

    /**
     * A new exactly-once producer for {@code transactionalId} (docs/design/exactly-once-primitives.md
     * §5) on the broker of {@code topic} that the id maps to. Sends INIT, which fences every older
     * producer of the same id. Transactions time out after 60 s. Against a stock RocketMQ broker it
     * falls back to half messages with commit markers, a weaker guarantee (see {@link
     * ExactlyOnceProducer}, {@link ExactlyOnceProducer#halfMessageFallback()}).
     */
    public ExactlyOnceProducer newExactlyOnceProducer(ProducerConfig config, String transactionalId, String topic) {
        return newExactlyOnceProducer(config, transactionalId, topic, Duration.ofSeconds(60));
    }

    /** As {@link #newExactlyOnceProducer(ProducerConfig, String, String)} with a transaction timeout (max 15 min). */
    public ExactlyOnceProducer newExactlyOnceProducer(
            ProducerConfig config, String transactionalId, String topic, Duration transactionTimeout) {
        checkOpen();
        return track(new ExactlyOnceProducer(transactions, config, transactionalId, topic, transactionTimeout));
    }

    /**
     * Commits a prepared transaction: its messages become visible at once, across queues and topics,
     * with dense offsets. Idempotent: a handle committed before answers {@link
     * TransactionOutcome#ALREADY_COMMITTED}; a handle that was aborted, timed out, fenced before it
     * was prepared, or is unknown throws {@link io.sluice.mq.client.transaction.TransactionException}.
     * A half-message fallback handle (stock broker) is committed by its marker and one
     * END_TRANSACTION per half: not atomic across queues (see {@link ExactlyOnceProducer}).
     */
    public TransactionOutcome commit(TransactionHandle handle) {
        checkOpen();
        return transactions.commit(handle);
    }

    /** Aborts a transaction; idempotent ({@link TransactionOutcome#ALREADY_ABORTED}); a committed one throws. */
    public TransactionOutcome abort(TransactionHandle handle) {
        checkOpen();
        return transactions.abort(handle);
    }

    /**
     * Transactions whose transactional id starts with {@code prefix}, on the brokers of {@code
     * topics} and every other broker this client knows: on start-up a sink aborts (or commits, from
     * its checkpoint) the open ones left by its previous run.
     */
    public List<TransactionInfo> listTransactions(String prefix, TransactionListing listing, String... topics) {
        checkOpen();
        return transactions.list(prefix, listing, List.of(topics));
    }

    /**
     * The Sluice extension features ({@code idempotence}, {@code transactions}) of the broker at
     * {@code address}; empty for a stock RocketMQ broker. Asked once per address.
     */
    public java.util.Set<String> extensionFeatures(String address) {
        checkOpen();
        return transactions.features(address);
    }

    /** A new poll-based consumer; choose assign or subscribe mode on it. */
    public Consumer newConsumer(ConsumerConfig config) {
        checkOpen();
        return track(new Consumer(context, config));
    }

    /**
     * A new push-style consumer that calls {@code listener} on its own thread pool; subscribe it,
     * then {@link PushConsumer#start()}.
     */
    public PushConsumer newPushConsumer(
            ConsumerConfig config, PushConsumerConfig pushConfig, MessageListener listener) {
        checkOpen();
        return track(new PushConsumer(context, config, pushConfig, listener));
    }

    /**
     * A new push consumer in orderly mode: each queue consumed by one group member at a time, one
     * message at a time, in queue order (broker queue locks); subscribe it, then {@link
     * OrderlyPushConsumer#start()}.
     */
    public OrderlyPushConsumer newOrderlyPushConsumer(
            ConsumerConfig config, PushConsumerConfig pushConfig, MessageListener listener) {
        checkOpen();
        return track(new OrderlyPushConsumer(context, config, pushConfig, listener));
    }

    /** Admin calls over this client's connections. */
    public AdminClient admin() {
        checkOpen();
        return admin;
    }

    /** Sends heartbeats to every known master now (they are also sent every 30 s). */
    public void heartbeatNow() {
        context.heartbeatAll();
    }

    private <T extends AutoCloseable> T track(T child) {
        children.add(child);
        return child;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ClientException("client " + clientId() + " is closed", ResponseError.LOCAL, null, null);
        }
    }

    /** Closes producers and consumers (newest first), then threads and connections. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException first = null;
        for (int i = children.size() - 1; i >= 0; i--) {
            try {
                children.get(i).close();
            } catch (Exception e) { // CHECKSTYLE.OFF: IllegalCatch - close the others, then report
                if (first == null) {
                    first = new ClientException("closing a child of client " + clientId() + " failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        context.close();
        if (first != null) {
            throw first;
        }
    }
}
