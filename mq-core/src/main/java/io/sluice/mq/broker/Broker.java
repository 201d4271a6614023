package io.sluice.mq.broker;

import io.sluice.mq.broker.admin.BrokerAdminProcessors;
import io.sluice.mq.broker.client.ClientHousekeeping;
import io.sluice.mq.broker.client.ClientManageProcessor;
import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.broker.client.ConsumerIdsNotifier;
import io.sluice.mq.broker.client.SubscriptionGroups;
import io.sluice.mq.broker.filter.CheckClientConfigProcessor;
import io.sluice.mq.broker.filter.SubscriptionFilters;
import io.sluice.mq.broker.lock.QueueLockProcessor;
import io.sluice.mq.broker.lock.QueueLockTable;
import io.sluice.mq.broker.longpoll.PullHoldService;
import io.sluice.mq.broker.offset.OffsetProcessor;
import io.sluice.mq.broker.progress.ConsumeStatsProcessor;
import io.sluice.mq.broker.progress.PullTally;
import io.sluice.mq.broker.progress.ResetOffsetProcessor;
import io.sluice.mq.broker.pull.PullMessageProcessor;
import io.sluice.mq.broker.query.QueryMessageProcessor;
import io.sluice.mq.broker.query.ViewMessageProcessor;
import io.sluice.mq.broker.registration.NameServerRegistrar;
import io.sluice.mq.broker.retry.SendBackProcessor;
import io.sluice.mq.broker.schedule.ScheduleService;
import io.sluice.mq.broker.send.SendMessageProcessor;
import io.sluice.mq.broker.send.UniqueKeyGenerator;
import io.sluice.mq.broker.topic.TopicAdminProcessor;
import io.sluice.mq.broker.topic.TopicAutoCreator;
import io.sluice.mq.broker.topic.TopicTable;
import io.sluice.mq.broker.transaction.TransactionService;
import io.sluice.mq.broker.txn.TxnService;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.protocol.FrameCodec;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.remoting.InlineRequestProcessor;
import io.sluice.mq.remoting.RemotingClient;
import io.sluice.mq.remoting.RemotingClientConfig;
import io.sluice.mq.remoting.RemotingServer;
import io.sluice.mq.remoting.RemotingServerConfig;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestExecutor;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.FlushMode;
import io.sluice.mq.store.io.FileStorage;
import io.sluice.mq.store.io.Storage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RocketMQ-compatible broker: a {@link FileMessageStore} served over the remoting protocol, one
 * small processor per group of request codes, each on a bounded pool. This class only wires the
 * parts together and runs their life cycle; the behaviour lives in the {@code broker.*} packages.
 *
 * <pre>
 *  network threads ─▶ SendMessageProcessor (send pool only to create a topic) ─append─▶ store ─ack─▶ answer
 *                  ─▶ pull pool ──▶ PullMessageProcessor ──read / hold──▶ PullHoldService
 *                  ─▶ admin pool ─▶ offsets, heartbeats, topics, view       ▲ wake-up
 *                  ─▶ send pool ──▶ SendBackProcessor (retry / DLQ)          │
 *                                                       store dispatcher ───┘
 *  mq-schedule thread: delay levels and timer wheel re-append due messages to their real topics
 *  timer: nameserver registration, client expiry, flush and hold timeouts
 * </pre>
 *
 * <p>Start: the port is bound first when {@code listenPort} is 0, so the store writes the real
 * address into records and message ids; then the store is opened (recovered), the topic table
 * loaded, processors registered, and the broker registers with every nameserver before {@link
 * #start} returns. Close: new requests are refused (14), the broker unregisters, running requests
 * finish, held pulls are answered, the store closes cleanly (answering pending sends), then the
 * network stops.
 *
 * <p>Thread-safe.
 */
public final class Broker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    private static final Duration MAX_CLIENT_SCAN_PERIOD = Duration.ofSeconds(10);
    private static final long PULL_QUEUE_WAIT_MS = 5_000;
    private static final long ADMIN_QUEUE_WAIT_MS = 10_000;
    private static final int ADMIN_QUEUE_CAPACITY = 10_000;
    private static final int MAX_COMPILED_FILTERS = 10_000;

    private final BrokerConfig config;
    private final Clock clock;
    private final ThreadFactory threadFactory;
    private final ScheduledThreadPoolExecutor timer;
    private final RemotingServer server;
    private final List<AutoCloseable> executors = new ArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private int port;
    private FileMessageStore store;
    private PullHoldService holds;
    private ScheduleService schedule;
    private TxnService exactlyOnce;
    private RemotingClient nameServerClient;
    private NameServerRegistrar registrar;

    private Broker(BrokerConfig config, Clock clock, ThreadFactory threadFactory) {
        this.config = config;
        this.clock = clock;
        this.threadFactory = threadFactory;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = threadFactory.newThread(runnable);
            thread.setName("mq-broker-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        BrokerConfig.Threads threads = config.threads();
        this.server = new RemotingServer(
                new RemotingServerConfig(
                        config.bindAddress(),
                        config.listenPort(),
                        threads.ioThreads(),
                        FrameCodec.DEFAULT_MAX_FRAME_BYTES,
                        threads.channelIdleTimeout()),
                clock,
                threadFactory,
                "mq-broker");
    }

    /**
     * Starts a broker: binds, recovers the store, loads topics, serves, registers with the
     * nameservers. On failure everything started so far is stopped again.
     *
     * @throws IOException if the store or the topic table cannot be opened
     */
    public static Broker start(BrokerConfig config, Clock clock, ThreadFactory threadFactory)
            throws IOException, InterruptedException {
        return start(config, clock, threadFactory, new FileStorage());
    }

    /** As {@link #start(BrokerConfig, Clock, ThreadFactory)} on {@code storage}; tests inject faults with it. */
    static Broker start(BrokerConfig config, Clock clock, ThreadFactory threadFactory, Storage storage)
            throws IOException, InterruptedException {
        Broker broker = new Broker(config, clock, threadFactory);
        try {
            broker.startServing(storage);
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private void startServing(Storage storage) throws IOException, InterruptedException {
        boolean bound = false;
        if (config.listenPort() == 0) {
            // Learn the port before anything records the broker's address.
            server.start();
            bound = true;
        }
        port = bound ? server.port() : config.listenPort();
        byte[] ip = BrokerConfigValidation.parseIp(config.advertisedIp()).ip();
        HostAddress storeHost = HostAddress.of(ip, port);
        store = FileMessageStore.open(config.storeConfig(storeHost), storage, clock);
        schedule = ScheduleService.open(store, config.schedule(), clock);
        exactlyOnce =
                TxnService.open(store, storeHost, clock, config.transactions().producerIdExpiry());
        executors.add(exactlyOnce); // stops its timeout check with the request pools
        TopicTable topics = TopicTable.load(store.metadataFile("topics"), clock);
        TopicAutoCreator topicCreator =
                new TopicAutoCreator(topics, config.autoCreateTopicEnable(), config.defaultTopicQueueNums());
        topicCreator.reconcileDefaultTopic();
        nameServerClient = new RemotingClient(RemotingClientConfig.defaults(), clock, threadFactory, "mq-broker-ns");
        registrar = new NameServerRegistrar(
                new NameServerRegistrar.Identity(
                        config.clusterName(), config.brokerName(), address(), config.brokerId()),
                config.namesrvAddresses(),
                topics::snapshot,
                nameServerClient,
                timer,
                config.registerTimeout());
        topics.onChange(registrar::requestRegistration);
        holds = new PullHoldService(
                config.maxHeldPulls(), Math.max(2, config.threads().pullThreads() / 4), timer, threadFactory);
        store.dispatchListener(holds::onDispatched);
        ClientRegistry clients = new ClientRegistry();
        ConsumerIdsNotifier notifier = new ConsumerIdsNotifier(clients);
        ClientHousekeeping housekeeping = new ClientHousekeeping(
                clients, notifier, clock, config.threads().clientExpiry());
        server.addListener(housekeeping);
        SubscriptionGroups groups = SubscriptionGroups.load(
                store.metadataFile("subscription-groups"), config.autoCreateSubscriptionGroup());
        registerSend(topicCreator, storeHost, groups);
        SubscriptionFilters filters = new SubscriptionFilters(config.enablePropertyFilter(), MAX_COMPILED_FILTERS);
        PullTally tally = new PullTally(clock, PullTally.DEFAULT_MAX_ENTRIES);
        registerPull(topics, groups, clients, filters, tally);
        registerAdmin(topics, topicCreator, clients, notifier, groups, filters, tally);
        TransactionService transactions = registerTransactions(clients, storeHost);
        store.start(threadFactory);
        transactions.start();
        exactlyOnce.start(timer);
        schedule.start(threadFactory);
        if (!bound) {
            server.start();
        }
        awaitFirstRegistration();
        registrar.schedulePeriodic(config.registerPeriod());
        // RocketMQ scans every 10 s for a 120 s expiry; shorter expiries (tests) scan in proportion.
        long scanMillis = Math.max(
                10,
                Math.min(
                        MAX_CLIENT_SCAN_PERIOD.toMillis(),
                        config.threads().clientExpiry().toMillis() / 12));
        timer.scheduleWithFixedDelay(
                () -> guarded("client expiry scan", housekeeping::scan), scanMillis, scanMillis, TimeUnit.MILLISECONDS);
        LOG.info(
                "broker {} of cluster {} serving at {} (store {})",
                config.brokerName(),
                config.clusterName(),
                address(),
                config.storeRoot());
    }

    private void registerSend(TopicAutoCreator topicCreator, HostAddress storeHost, SubscriptionGroups groups) {
        BrokerConfig.Threads threads = config.threads();
        RequestExecutor sendPool = executor(
                "mq-broker-send",
                threads.sendThreads(),
                threads.sendQueueCapacity(),
                threads.sendQueueWait().toMillis());
        SendMessageProcessor send = new SendMessageProcessor(
                store,
                topicCreator,
                new UniqueKeyGenerator(storeHost, (int) clock.nanoTime(), clock),
                storeHost,
                timer,
                schedule.router(),
                new SendMessageProcessor.Settings(
                        config.clusterName(),
                        config.maxMessageSizeBytes(),
                        config.flushMode() == FlushMode.SYNC_FLUSH,
                        config.syncFlushTimeout().toMillis()));
        send.withStaging(exactlyOnce.stagedSends()).withIdempotence(exactlyOnce.idempotentSends());
        register(send, sendPool, RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE);
        register(
                new SendBackProcessor(store, topicCreator, groups, schedule.router(), storeHost),
                sendPool,
                RequestCode.CONSUMER_SEND_MSG_BACK);
    }

    private void registerPull(
            TopicTable topics,
            SubscriptionGroups groups,
            ClientRegistry clients,
            SubscriptionFilters filters,
            PullTally tally) {
        BrokerConfig.Threads threads = config.threads();
        RequestExecutor pullPool =
                executor("mq-broker-pull", threads.pullThreads(), threads.pullQueueCapacity(), PULL_QUEUE_WAIT_MS);
        PullMessageProcessor pull = new PullMessageProcessor(
                store,
                topics,
                groups,
                clients,
                holds,
                filters,
                new PullMessageProcessor.Settings(
                        config.longPollingEnable(), config.shortPollingTime().toMillis()));
        pull.withTally(tally);
        register(pull, pullPool, RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE);
    }

    private void registerAdmin(
            TopicTable topics,
            TopicAutoCreator topicCreator,
            ClientRegistry clients,
            ConsumerIdsNotifier notifier,
            SubscriptionGroups groups,
            SubscriptionFilters filters,
            PullTally tally) {
        RequestExecutor adminPool =
                executor("mq-broker-admin", config.threads().adminThreads(), ADMIN_QUEUE_CAPACITY, ADMIN_QUEUE_WAIT_MS);
        register(
                new OffsetProcessor(store),
                adminPool,
                RequestCode.QUERY_CONSUMER_OFFSET,
                RequestCode.UPDATE_CONSUMER_OFFSET,
                RequestCode.GET_MAX_OFFSET,
                RequestCode.GET_MIN_OFFSET,
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                RequestCode.GET_EARLIEST_MSG_STORETIME);
        register(new ViewMessageProcessor(store), adminPool, RequestCode.VIEW_MESSAGE_BY_ID);
        register(new QueryMessageProcessor(store, clock), adminPool, RequestCode.QUERY_MESSAGE);
        register(new CheckClientConfigProcessor(groups, filters), adminPool, RequestCode.CHECK_CLIENT_CONFIG);
        register(
                new ClientManageProcessor(clients, notifier, groups, topicCreator, clock),
                adminPool,
                RequestCode.HEART_BEAT,
                RequestCode.UNREGISTER_CLIENT,
                RequestCode.GET_CONSUMER_LIST_BY_GROUP);
        register(
                new TopicAdminProcessor(topics, registrar::registerAll),
                adminPool,
                RequestCode.UPDATE_AND_CREATE_TOPIC,
                RequestCode.GET_ALL_TOPIC_CONFIG,
                RequestCode.GET_TOPIC_CONFIG,
                RequestCode.DELETE_TOPIC_IN_BROKER);
        BrokerAdminProcessors.registerAll(
                new BrokerAdminProcessors.Parts(config, store, topicCreator, groups, clients, clock),
                (processor, codes) -> register(processor, adminPool, codes));
        QueueLockTable locks =
                new QueueLockTable(config.threads().lockMaxLiveTime().toNanos());
        register(
                new QueueLockProcessor(locks, clients, clock),
                adminPool,
                RequestCode.LOCK_BATCH_MQ,
                RequestCode.UNLOCK_BATCH_MQ);
        register(
                new ConsumeStatsProcessor(store, topics, clients, config.brokerName(), tally),
                adminPool,
                RequestCode.GET_CONSUME_STATS,
                RequestCode.GET_TOPIC_STATS_INFO);
        register(
                new ResetOffsetProcessor(store, topics, clients, config.brokerName()),
                adminPool,
                RequestCode.INVOKE_BROKER_TO_RESET_OFFSET);
    }

    /** Half/op transactions: recovers them from the open store, serves END_TRANSACTION (37). */
    private TransactionService registerTransactions(ClientRegistry clients, HostAddress storeHost) throws IOException {
        RequestExecutor pool = executor("mq-broker-transaction", 2, ADMIN_QUEUE_CAPACITY, ADMIN_QUEUE_WAIT_MS);
        TransactionService transactions = new TransactionService(
                new TransactionService.Wiring(store, clients, storeHost, config.brokerName(), clock),
                config.transactions(),
                threadFactory);
        executors.add(transactions); // closed with the request pools, before the store
        register(transactions.endTransactionProcessor(), pool, RequestCode.END_TRANSACTION);
        if (config.transactions().extensionsEnabled()) { // off: answered 3 like a stock broker
            register(
                    exactlyOnce.processor(),
                    pool,
                    RequestCode.SLUICE_INIT_PRODUCER,
                    RequestCode.SLUICE_END_TXN,
                    RequestCode.SLUICE_LIST_TXNS,
                    RequestCode.SLUICE_FEATURES);
        }
        return transactions;
    }

    private RequestExecutor executor(String name, int threads, int capacity, long maxWaitMs) {
        RequestExecutor executor = new RequestExecutor(name, threads, capacity, maxWaitMs, clock, threadFactory);
        executors.add(executor);
        return executor;
    }

    /** Registers {@code processor} for {@code codes}, refusing requests once the broker is closing. */
    private void register(RequestProcessor processor, RequestExecutor executor, int... codes) {
        RequestProcessor gated;
        if (processor instanceof InlineRequestProcessor inline) {
            gated = new InlineRequestProcessor() {
                @Override
                public boolean tryInline(RequestContext context, RemotingCommand request) throws Exception {
                    return refusedAsClosing(context) || inline.tryInline(context, request);
                }

                @Override
                public void process(RequestContext context, RemotingCommand request) throws Exception {
                    if (!refusedAsClosing(context)) {
                        inline.process(context, request);
                    }
                }
            };
        } else {
            gated = (context, request) -> {
                if (!refusedAsClosing(context)) {
                    processor.process(context, request);
                }
            };
        }
        for (int code : codes) {
            server.registerProcessor(code, gated, executor);
        }
    }

    /** Answers 14 and returns true once the broker is closing. */
    private boolean refusedAsClosing(RequestContext context) {
        if (!closing.get()) {
            return false;
        }
        context.respond(RemotingCommand.response(
                ResponseCode.SERVICE_NOT_AVAILABLE, "broker " + config.brokerName() + " is shutting down"));
        return true;
    }

    private void awaitFirstRegistration() throws InterruptedException {
        try {
            // Bounded by the per-call timeout; a nameserver that is down is retried every period.
            registrar.registerAll().get(config.registerTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("first registration with the nameservers did not finish: {}", e.toString());
        }
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) { // an escaped exception would cancel the periodic task
            LOG.error("{} failed; will run again next period", what, e);
        }
    }

    /** "brokerIP1:port", the address clients and nameservers use. */
    public String address() {
        return config.advertisedAddress(port);
    }

    /** The port the broker listens on. */
    public int port() {
        return port;
    }

    public BrokerConfig config() {
        return config;
    }

    /** Delayed delivery: its lateness histogram and waiting timers (null before start). */
    public ScheduleService schedule() {
        return schedule;
    }

    /**
     * Shuts down gracefully: refuses new requests, unregisters from the nameservers, lets running
     * requests finish, answers held pulls, closes the store cleanly (answering pending sends), then
     * stops the network. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        unregister();
        for (AutoCloseable executor : executors) {
            closeQuietly("request pool", executor);
        }
        if (holds != null) {
            holds.close();
        }
        if (schedule != null) {
            schedule.close(); // before the store: it saves progress the store's final flush covers
        }
        if (store != null) {
            closeQuietly("store", store);
        }
        timer.shutdownNow();
        server.close();
        if (nameServerClient != null) {
            nameServerClient.close();
        }
        LOG.info("broker {} stopped", config.brokerName());
    }

    private void unregister() {
        if (registrar == null) {
            return;
        }
        try {
            registrar.unregisterAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while unregistering from the nameservers; closing anyway");
        }
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) { // shutdown goes on whatever one part throws
            LOG.error("closing the {} failed", what, e);
        }
    }
}
