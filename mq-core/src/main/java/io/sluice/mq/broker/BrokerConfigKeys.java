package io.sluice.mq.broker;

import static io.sluice.mq.common.ConfigKey.bool;
import static io.sluice.mq.common.ConfigKey.enumValue;
import static io.sluice.mq.common.ConfigKey.integer;
import static io.sluice.mq.common.ConfigKey.longValue;
import static io.sluice.mq.common.ConfigKey.text;

import io.sluice.mq.broker.schedule.DelayLevels;
import io.sluice.mq.common.ConfigKey;
import io.sluice.mq.store.FlushMode;
import java.time.Duration;
import java.util.List;

/**
 * Every {@code broker.conf} key the broker understands: name, type, default and meaning, in one
 * table. Names are RocketMQ's where the meaning is the same; the few Sluice-only keys are marked.
 * Units are RocketMQ's (the key names say "Mills" for milliseconds). Thread-safe (immutable).
 */
public final class BrokerConfigKeys {

    public static final String BROKER_CLUSTER_NAME = "brokerClusterName";
    public static final String BROKER_NAME = "brokerName";
    public static final String BROKER_ID = "brokerId";
    public static final String BROKER_ROLE = "brokerRole";
    public static final String BROKER_IP1 = "brokerIP1";
    public static final String BIND_ADDRESS = "bindAddress";
    public static final String LISTEN_PORT = "listenPort";
    public static final String NAMESRV_ADDR = "namesrvAddr";
    public static final String STORE_PATH_ROOT_DIR = "storePathRootDir";
    public static final String AUTO_CREATE_TOPIC_ENABLE = "autoCreateTopicEnable";
    public static final String AUTO_CREATE_SUBSCRIPTION_GROUP = "autoCreateSubscriptionGroup";
    public static final String DEFAULT_TOPIC_QUEUE_NUMS = "defaultTopicQueueNums";
    public static final String FLUSH_DISK_TYPE = "flushDiskType";
    public static final String FLUSH_INTERVAL_COMMIT_LOG = "flushIntervalCommitLog";
    public static final String SYNC_FLUSH_TIMEOUT = "syncFlushTimeout";
    public static final String FILE_RESERVED_TIME = "fileReservedTime";
    public static final String MAPPED_FILE_SIZE_COMMIT_LOG = "mappedFileSizeCommitLog";
    public static final String MAPPED_FILE_SIZE_CONSUME_QUEUE = "mappedFileSizeConsumeQueue";
    public static final String MAX_MESSAGE_SIZE = "maxMessageSize";
    public static final String DISK_MAX_USED_SPACE_RATIO = "diskMaxUsedSpaceRatio";
    public static final String DISK_SPACE_WARNING_LEVEL_RATIO = "diskSpaceWarningLevelRatio";
    public static final String LONG_POLLING_ENABLE = "longPollingEnable";
    public static final String SHORT_POLLING_TIME_MILLS = "shortPollingTimeMills";
    public static final String MAX_HELD_PULL_REQUESTS = "maxHeldPullRequests";
    public static final String ENABLE_PROPERTY_FILTER = "enablePropertyFilter";
    public static final String REGISTER_NAME_SERVER_PERIOD = "registerNameServerPeriod";
    public static final String REGISTER_BROKER_TIMEOUT_MILLS = "registerBrokerTimeoutMills";
    public static final String SEND_MESSAGE_THREAD_POOL_NUMS = "sendMessageThreadPoolNums";
    public static final String PULL_MESSAGE_THREAD_POOL_NUMS = "pullMessageThreadPoolNums";
    public static final String ADMIN_BROKER_THREAD_POOL_NUMS = "adminBrokerThreadPoolNums";
    public static final String SEND_THREAD_POOL_QUEUE_CAPACITY = "sendThreadPoolQueueCapacity";
    public static final String PULL_THREAD_POOL_QUEUE_CAPACITY = "pullThreadPoolQueueCapacity";
    public static final String WAIT_TIME_MILLS_IN_SEND_QUEUE = "waitTimeMillsInSendQueue";
    public static final String SERVER_SELECTOR_THREADS = "serverSelectorThreads";
    public static final String SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS = "serverChannelMaxIdleTimeSeconds";
    public static final String CHANNEL_EXPIRED_TIMEOUT = "channelExpiredTimeout";
    public static final String TRANSACTION_TIME_OUT = "transactionTimeOut";
    public static final String TRANSACTION_CHECK_MAX = "transactionCheckMax";
    public static final String TRANSACTION_CHECK_INTERVAL = "transactionCheckInterval";
    public static final String PRODUCER_ID_EXPIRY = "producerIdExpiry";
    public static final String SLUICE_EXTENSIONS_ENABLED = "sluiceExtensionsEnabled";
    /** RocketMQ reads this one as a system property; here it is a broker.conf key of the same name. */
    public static final String REBALANCE_LOCK_MAX_LIVE_TIME = "rocketmq.broker.rebalance.lockMaxLiveTime";

    public static final String MESSAGE_DELAY_LEVEL = DelayLevels.KEY;
    public static final String TIMER_PRECISION_MS = "timerPrecisionMs";
    public static final String TIMER_ROLL_WINDOW_MS = "timerRollWindowMs";
    public static final String TIMER_MAX_DELAY_SEC = "timerMaxDelaySec";

    /** RocketMQ's {@code brokerRole}; only the master roles are accepted. */
    public enum BrokerRole {
        ASYNC_MASTER,
        SYNC_MASTER,
        SLAVE
    }

    /**
     * Every key except {@value #STORE_PATH_ROOT_DIR}, which {@link BrokerConfig#fromProperties}
     * reads first because the builder needs it.
     */
    public static final List<ConfigKey<BrokerConfig.Builder>> ALL = List.of(
            text(
                    BROKER_CLUSTER_NAME,
                    "DefaultCluster",
                    "cluster the broker belongs to",
                    BrokerConfig.Builder::clusterName),
            text(BROKER_NAME, "broker-a", "name of the broker group clients address", BrokerConfig.Builder::brokerName),
            longValue(BROKER_ID, 0, "0 = master; other ids (slaves) are rejected", BrokerConfig.Builder::brokerId),
            enumValue(
                    BROKER_ROLE,
                    BrokerRole.ASYNC_MASTER,
                    "ASYNC_MASTER or SYNC_MASTER (same meaning without replication); SLAVE is rejected",
                    BrokerRole.class,
                    (builder, role) -> {
                        if (role == BrokerRole.SLAVE) {
                            throw new IllegalArgumentException("SLAVE is not supported: Sluice has no replication");
                        }
                    }),
            text(
                    BROKER_IP1,
                    "127.0.0.1",
                    "IP literal clients connect to; written into stored messages and message ids",
                    BrokerConfig.Builder::advertisedIp),
            text(BIND_ADDRESS, "0.0.0.0", "(Sluice) local address to listen on", BrokerConfig.Builder::bindAddress),
            integer(LISTEN_PORT, 10911, "port to listen on; 0 picks a free one", BrokerConfig.Builder::listenPort),
            text(NAMESRV_ADDR, "", "nameservers, host:port separated by ';'", BrokerConfig.Builder::namesrvAddr),
            bool(
                    AUTO_CREATE_TOPIC_ENABLE,
                    true,
                    "create unknown topics on first send from TBW102 (disable in production)",
                    BrokerConfig.Builder::autoCreateTopicEnable),
            bool(
                    AUTO_CREATE_SUBSCRIPTION_GROUP,
                    true,
                    "create consumer groups on first heartbeat or pull",
                    BrokerConfig.Builder::autoCreateSubscriptionGroup),
            integer(
                    DEFAULT_TOPIC_QUEUE_NUMS,
                    8,
                    "queues of TBW102, the upper bound of auto-created topics' queues",
                    BrokerConfig.Builder::defaultTopicQueueNums),
            enumValue(
                    FLUSH_DISK_TYPE,
                    FlushMode.ASYNC_FLUSH,
                    "ASYNC_FLUSH acks from page cache; SYNC_FLUSH acks after a group-commit fsync",
                    FlushMode.class,
                    BrokerConfig.Builder::flushMode),
            integer(
                    FLUSH_INTERVAL_COMMIT_LOG,
                    500,
                    "fsync period in ASYNC_FLUSH mode, ms",
                    (b, v) -> b.flushInterval(Duration.ofMillis(v))),
            integer(
                    SYNC_FLUSH_TIMEOUT,
                    5000,
                    "SYNC_FLUSH sends not durable by then get code 10, ms",
                    (b, v) -> b.syncFlushTimeout(Duration.ofMillis(v))),
            integer(
                    FILE_RESERVED_TIME,
                    72,
                    "retention of commit-log files, hours",
                    (b, v) -> b.fileReservedTime(Duration.ofHours(v))),
            integer(
                    MAPPED_FILE_SIZE_COMMIT_LOG,
                    1 << 30,
                    "size of one commit-log file, bytes",
                    BrokerConfig.Builder::segmentSizeBytes),
            integer(
                    MAPPED_FILE_SIZE_CONSUME_QUEUE,
                    300_000 * 20,
                    "size of one consume-queue file, bytes (multiple of 20)",
                    BrokerConfig.Builder::consumeQueueFileBytes),
            integer(
                    MAX_MESSAGE_SIZE,
                    4 * 1024 * 1024,
                    "largest message body, bytes",
                    BrokerConfig.Builder::maxMessageSizeBytes),
            integer(
                    DISK_MAX_USED_SPACE_RATIO,
                    75,
                    "disk use, percent, above which retention deletes old files early",
                    BrokerConfig.Builder::diskMaxUsedSpacePercent),
            integer(
                    DISK_SPACE_WARNING_LEVEL_RATIO,
                    90,
                    "disk use, percent, above which sends are refused (code 14)",
                    BrokerConfig.Builder::diskSpaceWarningLevelPercent),
            bool(
                    LONG_POLLING_ENABLE,
                    true,
                    "hold pulls at the end of a queue until a message arrives",
                    BrokerConfig.Builder::longPollingEnable),
            integer(
                    SHORT_POLLING_TIME_MILLS,
                    1000,
                    "hold time of pulls when long polling is off, ms",
                    (b, v) -> b.shortPollingTime(Duration.ofMillis(v))),
            integer(
                    MAX_HELD_PULL_REQUESTS,
                    10_000,
                    "(Sluice) pulls held at once; more are answered SYSTEM_BUSY",
                    BrokerConfig.Builder::maxHeldPulls),
            bool(
                    ENABLE_PROPERTY_FILTER,
                    true,
                    "serve SQL92 property-filter subscriptions (RocketMQ's default is false)",
                    BrokerConfig.Builder::enablePropertyFilter),
            integer(
                    REGISTER_NAME_SERVER_PERIOD,
                    30_000,
                    "period of registration with every nameserver, ms",
                    (b, v) -> b.registerPeriod(Duration.ofMillis(v))),
            integer(
                    REGISTER_BROKER_TIMEOUT_MILLS,
                    6000,
                    "timeout of one registration, ms",
                    (b, v) -> b.registerTimeout(Duration.ofMillis(v))),
            integer(
                    SEND_MESSAGE_THREAD_POOL_NUMS,
                    4,
                    "threads handling sends (default min(cores, 4))",
                    BrokerConfig.Builder::sendThreads),
            integer(
                    PULL_MESSAGE_THREAD_POOL_NUMS,
                    20,
                    "threads handling pulls (default 16 + 2 x cores)",
                    BrokerConfig.Builder::pullThreads),
            integer(
                    ADMIN_BROKER_THREAD_POOL_NUMS,
                    16,
                    "threads handling offsets, heartbeats and admin requests",
                    BrokerConfig.Builder::adminThreads),
            integer(
                    SEND_THREAD_POOL_QUEUE_CAPACITY,
                    10_000,
                    "sends waiting for a thread; more are answered SYSTEM_BUSY",
                    BrokerConfig.Builder::sendQueueCapacity),
            integer(
                    PULL_THREAD_POOL_QUEUE_CAPACITY,
                    100_000,
                    "pulls waiting for a thread; more are answered SYSTEM_BUSY",
                    BrokerConfig.Builder::pullQueueCapacity),
            integer(
                    WAIT_TIME_MILLS_IN_SEND_QUEUE,
                    200,
                    "sends that waited longer for a thread are answered SYSTEM_BUSY, ms",
                    (b, v) -> b.sendQueueWait(Duration.ofMillis(v))),
            integer(SERVER_SELECTOR_THREADS, 3, "network I/O threads", BrokerConfig.Builder::ioThreads),
            integer(
                    SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS,
                    120,
                    "connections silent this long are closed, seconds",
                    (b, v) -> b.channelIdleTimeout(Duration.ofSeconds(v))),
            integer(
                    CHANNEL_EXPIRED_TIMEOUT,
                    120_000,
                    "clients without a heartbeat this long are dropped, ms",
                    (b, v) -> b.clientExpiry(Duration.ofMillis(v))),
            longValue(
                    TRANSACTION_TIME_OUT,
                    6000,
                    "half messages unresolved this long are checked with their producer, ms",
                    (b, v) -> b.transactionTimeout(Duration.ofMillis(v))),
            integer(
                    TRANSACTION_CHECK_MAX,
                    15,
                    "checks of one half message before it is dropped to TRANS_CHECK_MAX_TIME_TOPIC",
                    BrokerConfig.Builder::transactionCheckMax),
            longValue(
                    TRANSACTION_CHECK_INTERVAL,
                    60_000,
                    "period of the transaction check scan, ms",
                    (b, v) -> b.transactionCheckInterval(Duration.ofMillis(v))),
            longValue(
                    PRODUCER_ID_EXPIRY,
                    7L * 24 * 3600 * 1000,
                    "(Sluice) idempotent producers idle this long are forgotten, ms (default 7 days)",
                    (b, v) -> b.producerIdExpiry(Duration.ofMillis(v))),
            bool(
                    SLUICE_EXTENSIONS_ENABLED,
                    true,
                    "(Sluice) serve the exactly-once codes 5000-5003; false answers them like a stock broker",
                    BrokerConfig.Builder::sluiceExtensionsEnabled),
            integer(
                    REBALANCE_LOCK_MAX_LIVE_TIME,
                    60_000,
                    "lease of an ordered consumer's queue lock, renewed by each lock request, ms",
                    (b, v) -> b.lockMaxLiveTime(Duration.ofMillis(v))),
            text(
                    MESSAGE_DELAY_LEVEL,
                    DelayLevels.DEFAULT_SPEC,
                    "delay of each level (DELAY property k = k-th entry), blank-separated, units ms s m h d",
                    (b, v) -> b.schedule(b.schedule().withDelayLevels(DelayLevels.parse(v)))),
            integer(
                    TIMER_PRECISION_MS,
                    100,
                    "timing-wheel slot width, ms [10, 1000]; timer messages are released within about this",
                    (b, v) -> b.schedule(b.schedule().withTimerPrecision(Duration.ofMillis(v)))),
            longValue(
                    TIMER_ROLL_WINDOW_MS,
                    86_400_000L,
                    "(Sluice) a waiting timer message is re-appended this often so retention never removes it;"
                            + " at most half of fileReservedTime, ms",
                    (b, v) -> b.schedule(b.schedule().withTimerRollWindow(Duration.ofMillis(v)))),
            longValue(
                    TIMER_MAX_DELAY_SEC,
                    34_560_000L,
                    "furthest delivery time a timer message may ask for, seconds (default 400 days)",
                    (b, v) -> b.schedule(b.schedule().withTimerMaxDelay(Duration.ofSeconds(v)))));

    private BrokerConfigKeys() {}
}
