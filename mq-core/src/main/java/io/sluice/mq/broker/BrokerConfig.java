package io.sluice.mq.broker;

import io.sluice.mq.broker.schedule.ScheduleConfig;
import io.sluice.mq.broker.transaction.TransactionSettings;
import io.sluice.mq.common.Checks;
import io.sluice.mq.common.ConfigKey;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.store.FlushMode;
import io.sluice.mq.store.StoreConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Immutable configuration of one {@link Broker}. Keys follow RocketMQ's {@code broker.conf} names
 * where the meaning is the same; {@link BrokerConfigKeys} is the table of every key with its type,
 * default and meaning, and {@link #fromProperties} parses a file through it. {@link Builder#build()}
 * rejects bad values naming the key and the value.
 *
 * @param clusterName {@code brokerClusterName}
 * @param brokerName {@code brokerName}: the broker group clients address
 * @param brokerId {@code brokerId}: only 0 (master); replication is not supported
 * @param advertisedIp {@code brokerIP1}: the IP literal clients connect to, written into every stored
 *     record and message id, so it must be reachable by clients
 * @param bindAddress {@code bindAddress} (Sluice): the local address to listen on
 * @param listenPort {@code listenPort}: 0 picks a free port, learnt before anything is stored
 * @param namesrvAddresses {@code namesrvAddr}: "host:port" of every nameserver, ";"-separated in files
 * @param storeRoot {@code storePathRootDir}
 * @param autoCreateTopicEnable {@code autoCreateTopicEnable}: create unknown topics on send from TBW102
 * @param autoCreateSubscriptionGroup {@code autoCreateSubscriptionGroup}: create groups on heartbeat
 * @param defaultTopicQueueNums {@code defaultTopicQueueNums}: queues of TBW102
 * @param flushMode {@code flushDiskType}
 * @param flushInterval {@code flushIntervalCommitLog}: fsync period in ASYNC_FLUSH mode
 * @param syncFlushTimeout {@code syncFlushTimeout}: a SYNC_FLUSH send not durable by then is answered
 *     FLUSH_DISK_TIMEOUT
 * @param fileReservedTime {@code fileReservedTime}: retention of commit-log segments
 * @param segmentSizeBytes {@code mappedFileSizeCommitLog}
 * @param consumeQueueFileBytes {@code mappedFileSizeConsumeQueue}
 * @param maxMessageSizeBytes {@code maxMessageSize}: largest message body
 * @param diskMaxUsedSpacePercent {@code diskMaxUsedSpaceRatio}: above it, retention deletes early
 * @param diskSpaceWarningLevelPercent {@code diskSpaceWarningLevelRatio}: above it, sends are refused
 * @param longPollingEnable {@code longPollingEnable}: hold pulls until a message arrives
 * @param shortPollingTime {@code shortPollingTimeMills}: hold time when long polling is off
 * @param maxHeldPulls {@code maxHeldPullRequests} (Sluice): pulls held at once before SYSTEM_BUSY
 * @param enablePropertyFilter {@code enablePropertyFilter}: serve SQL92 subscriptions (default true,
 *     RocketMQ's is false; docs/design/filters.md)
 * @param registerPeriod {@code registerNameServerPeriod}
 * @param registerTimeout {@code registerBrokerTimeoutMills}
 * @param threads pool sizes, queue bounds and connection timeouts
 * @param transactions {@code transactionTimeOut}, {@code transactionCheckMax}, {@code
 *     transactionCheckInterval}
 * @param schedule delay levels and timer messages ({@code messageDelayLevel}, {@code timer*})
 */
public record BrokerConfig(
        String clusterName,
        String brokerName,
        long brokerId,
        String advertisedIp,
        String bindAddress,
        int listenPort,
        List<String> namesrvAddresses,
        Path storeRoot,
        boolean autoCreateTopicEnable,
        boolean autoCreateSubscriptionGroup,
        int defaultTopicQueueNums,
        FlushMode flushMode,
        Duration flushInterval,
        Duration syncFlushTimeout,
        Duration fileReservedTime,
        int segmentSizeBytes,
        int consumeQueueFileBytes,
        int maxMessageSizeBytes,
        int diskMaxUsedSpacePercent,
        int diskSpaceWarningLevelPercent,
        boolean longPollingEnable,
        Duration shortPollingTime,
        int maxHeldPulls,
        boolean enablePropertyFilter,
        Duration registerPeriod,
        Duration registerTimeout,
        Threads threads,
        TransactionSettings transactions,

        ScheduleConfig schedule) {

    /** Bytes of one consume-queue entry; {@code mappedFileSizeConsumeQueue} is a multiple of it. */
    static final int CONSUME_QUEUE_ENTRY_BYTES = 20;

    /**
     * Thread pools, queue bounds and connection timeouts.
     *
     * @param sendThreads {@code sendMessageThreadPoolNums}
     * @param pullThreads {@code pullMessageThreadPoolNums}
     * @param adminThreads {@code adminBrokerThreadPoolNums}: offsets, heartbeats, admin requests
     * @param sendQueueCapacity {@code sendThreadPoolQueueCapacity}
     * @param pullQueueCapacity {@code pullThreadPoolQueueCapacity}
     * @param sendQueueWait {@code waitTimeMillsInSendQueue}: longer waits are answered SYSTEM_BUSY
     * @param ioThreads {@code serverSelectorThreads}: network threads
     * @param channelIdleTimeout {@code serverChannelMaxIdleTimeSeconds}
     * @param clientExpiry {@code channelExpiredTimeout}: clients silent this long are dropped
     * @param lockMaxLiveTime {@code rocketmq.broker.rebalance.lockMaxLiveTime}: lease of an ordered
     *     consumer's queue lock, renewed by each lock request of its holder
     */
    public record Threads(
            int sendThreads,
            int pullThreads,
            int adminThreads,
            int sendQueueCapacity,
            int pullQueueCapacity,
            Duration sendQueueWait,
            int ioThreads,
            Duration channelIdleTimeout,
            Duration clientExpiry,
            Duration lockMaxLiveTime) {}

    /** A builder with RocketMQ's defaults, storing under {@code storeRoot}. */
    public static Builder builder(Path storeRoot) {
        return new Builder(storeRoot);
    }

    /**
     * Parses {@code broker.conf}-style properties. Every key must be known ({@link
     * BrokerConfigKeys}); {@code storePathRootDir} is required.
     *
     * @throws IllegalArgumentException naming the key and the value for an unknown key, a value of
     *     the wrong type or out of range
     */
    public static BrokerConfig fromProperties(Properties properties) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            entries.put(name, properties.getProperty(name));
        }
        String root = entries.remove(BrokerConfigKeys.STORE_PATH_ROOT_DIR);
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("key '" + BrokerConfigKeys.STORE_PATH_ROOT_DIR + "' is required");
        }
        Builder builder = builder(Path.of(root.trim()));
        ConfigKey.applyAll(BrokerConfigKeys.ALL, entries, builder, "broker config");
        return builder.build();
    }

    /** Reads and parses a {@code broker.conf} file (ISO-8859-1 escapes as {@link Properties} reads). */
    public static BrokerConfig fromFile(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return fromProperties(properties);
    }

    /** A copy registering with {@code addresses} instead (an embedded cluster's own nameserver). */
    public BrokerConfig withNamesrvAddresses(List<String> addresses) {
        BrokerConfig copy = new BrokerConfig(
                clusterName,
                brokerName,
                brokerId,
                advertisedIp,
                bindAddress,
                listenPort,
                List.copyOf(addresses),
                storeRoot,
                autoCreateTopicEnable,
                autoCreateSubscriptionGroup,
                defaultTopicQueueNums,
                flushMode,
                flushInterval,
                syncFlushTimeout,
                fileReservedTime,
                segmentSizeBytes,
                consumeQueueFileBytes,
                maxMessageSizeBytes,
                diskMaxUsedSpacePercent,
                diskSpaceWarningLevelPercent,
                longPollingEnable,
                shortPollingTime,
                maxHeldPulls,
                enablePropertyFilter,
                registerPeriod,
                registerTimeout,
                threads,
                transactions,
                schedule);
        BrokerConfigValidation.validate(copy);
        return copy;
    }

    /** "brokerIP1:port" for {@code port}, the address clients and nameservers use. */
    public String advertisedAddress(int port) {
        return (advertisedIp.contains(":") ? "[" + advertisedIp + "]" : advertisedIp) + ":" + port;
    }

    /** The store configuration, with {@code storeHost} written into every record. */
    public StoreConfig storeConfig(HostAddress storeHost) {
        return StoreConfig.builder(storeRoot)
                .segmentSizeBytes(segmentSizeBytes)
                .consumeQueueFileEntries(consumeQueueFileBytes / CONSUME_QUEUE_ENTRY_BYTES)
                .maxMessageSizeBytes(maxMessageSizeBytes)
                .flushMode(flushMode)
                .flushInterval(flushInterval)
                .fileReservedTime(fileReservedTime)
                .diskMaxUsedSpaceRatio(diskMaxUsedSpacePercent / 100.0)
                .diskSpaceWarningLevelRatio(diskSpaceWarningLevelPercent / 100.0)
                .writeBufferBytes(Math.max(8 * 1024 * 1024, maxMessageSizeBytes + 2 * Short.MAX_VALUE + 256))
                .storeHost(storeHost)
                .build();
    }

    /** Collects settings; not thread-safe. */
    public static final class Builder {
        private static final int CORES = Runtime.getRuntime().availableProcessors();

        private final Path storeRoot;
        private String clusterName = "DefaultCluster";
        private String brokerName = "broker-a";
        private long brokerId;
        private String advertisedIp = "127.0.0.1";
        private String bindAddress = "0.0.0.0";
        private int listenPort = 10911;
        private List<String> namesrvAddresses = List.of();
        private boolean autoCreateTopicEnable = true;
        private boolean autoCreateSubscriptionGroup = true;
        private int defaultTopicQueueNums = 8;
        private FlushMode flushMode = FlushMode.ASYNC_FLUSH;
        private Duration flushInterval = Duration.ofMillis(500);
        private Duration syncFlushTimeout = Duration.ofSeconds(5);
        private Duration fileReservedTime = Duration.ofHours(72);
        private int segmentSizeBytes = 1 << 30;
        private int consumeQueueFileBytes = 300_000 * CONSUME_QUEUE_ENTRY_BYTES;
        private int maxMessageSizeBytes = 4 * 1024 * 1024;
        private int diskMaxUsedSpacePercent = 75;
        private int diskSpaceWarningLevelPercent = 90;
        private boolean longPollingEnable = true;
        private Duration shortPollingTime = Duration.ofSeconds(1);
        private int maxHeldPulls = 10_000;
        private boolean enablePropertyFilter = true;
        private Duration registerPeriod = Duration.ofSeconds(30);
        private Duration registerTimeout = Duration.ofSeconds(6);
        private int sendThreads = Math.min(CORES, 4);
        private int pullThreads = 16 + 2 * CORES;
        private int adminThreads = 16;
        private int sendQueueCapacity = 10_000;
        private int pullQueueCapacity = 100_000;
        private Duration sendQueueWait = Duration.ofMillis(200);
        private int ioThreads = 3;
        private Duration channelIdleTimeout = Duration.ofSeconds(120);
        private Duration clientExpiry = Duration.ofSeconds(120);
        private TransactionSettings transactions = TransactionSettings.defaults();
        private Duration lockMaxLiveTime = Duration.ofSeconds(60);
        private ScheduleConfig schedule = ScheduleConfig.defaults();

        private Builder(Path storeRoot) {
            this.storeRoot = Checks.notNull(storeRoot, BrokerConfigKeys.STORE_PATH_ROOT_DIR);
        }

        /**
         * Listen on 127.0.0.1 on a free port and advertise 127.0.0.1: what tests and embedded
         * clusters use.
         */
        public Builder ephemeralLoopback() {
            this.bindAddress = "127.0.0.1";
            this.advertisedIp = "127.0.0.1";
            this.listenPort = 0;
            return this;
        }

        public Builder clusterName(String value) {
            this.clusterName = value;
            return this;
        }

        public Builder brokerName(String value) {
            this.brokerName = value;
            return this;
        }

        public Builder brokerId(long value) {
            this.brokerId = value;
            return this;
        }

        public Builder advertisedIp(String value) {
            this.advertisedIp = value;
            return this;
        }

        public Builder bindAddress(String value) {
            this.bindAddress = value;
            return this;
        }

        public Builder listenPort(int value) {
            this.listenPort = value;
            return this;
        }

        public Builder namesrvAddresses(List<String> value) {
            this.namesrvAddresses = List.copyOf(value);
            return this;
        }

        /** Parses RocketMQ's {@code namesrvAddr} form: "host:port;host:port" (blanks ignored). */
        public Builder namesrvAddr(String value) {
            List<String> addresses = new ArrayList<>();
            for (String address : value.split(";")) {
                if (!address.isBlank()) {
                    addresses.add(address.trim());
                }
            }
            this.namesrvAddresses = List.copyOf(addresses);
            return this;
        }

        public Builder autoCreateTopicEnable(boolean value) {
            this.autoCreateTopicEnable = value;
            return this;
        }

        public Builder autoCreateSubscriptionGroup(boolean value) {
            this.autoCreateSubscriptionGroup = value;
            return this;
        }

        public Builder defaultTopicQueueNums(int value) {
            this.defaultTopicQueueNums = value;
            return this;
        }

        public Builder flushMode(FlushMode value) {
            this.flushMode = value;
            return this;
        }

        public Builder flushInterval(Duration value) {
            this.flushInterval = value;
            return this;
        }

        public Builder syncFlushTimeout(Duration value) {
            this.syncFlushTimeout = value;
            return this;
        }

        public Builder fileReservedTime(Duration value) {
            this.fileReservedTime = value;
            return this;
        }

        public Builder segmentSizeBytes(int value) {
            this.segmentSizeBytes = value;
            return this;
        }

        public Builder consumeQueueFileBytes(int value) {
            this.consumeQueueFileBytes = value;
            return this;
        }

        public Builder maxMessageSizeBytes(int value) {
            this.maxMessageSizeBytes = value;
            return this;
        }

        public Builder diskMaxUsedSpacePercent(int value) {
            this.diskMaxUsedSpacePercent = value;
            return this;
        }

        public Builder diskSpaceWarningLevelPercent(int value) {
            this.diskSpaceWarningLevelPercent = value;
            return this;
        }

        public Builder longPollingEnable(boolean value) {
            this.longPollingEnable = value;
            return this;
        }

        public Builder shortPollingTime(Duration value) {
            this.shortPollingTime = value;
            return this;
        }

        public Builder maxHeldPulls(int value) {
            this.maxHeldPulls = value;
            return this;
        }

        public Builder enablePropertyFilter(boolean value) {
            this.enablePropertyFilter = value;
            return this;
        }

        public Builder registerPeriod(Duration value) {
            this.registerPeriod = value;
            return this;
        }

        public Builder registerTimeout(Duration value) {
            this.registerTimeout = value;
            return this;
        }

        public Builder sendThreads(int value) {
            this.sendThreads = value;
            return this;
        }

        public Builder pullThreads(int value) {
            this.pullThreads = value;
            return this;
        }

        public Builder adminThreads(int value) {
            this.adminThreads = value;
            return this;
        }

        public Builder sendQueueCapacity(int value) {
            this.sendQueueCapacity = value;
            return this;
        }

        public Builder pullQueueCapacity(int value) {
            this.pullQueueCapacity = value;
            return this;
        }

        public Builder sendQueueWait(Duration value) {
            this.sendQueueWait = value;
            return this;
        }

        public Builder ioThreads(int value) {
            this.ioThreads = value;
            return this;
        }

        public Builder channelIdleTimeout(Duration value) {
            this.channelIdleTimeout = value;
            return this;
        }

        public Builder clientExpiry(Duration value) {
            this.clientExpiry = value;
            return this;
        }

        public Builder transactions(TransactionSettings value) {
            this.transactions = value;
            return this;
        }

        /** {@code transactionTimeOut}, ms. */
        public Builder transactionTimeout(Duration value) {
            this.transactions = new TransactionSettings(
                    value,
                    transactions.checkMax(),
                    transactions.checkInterval(),
                    transactions.producerIdExpiry(),
                    transactions.extensionsEnabled());
            return this;
        }

        /** {@code sluiceExtensionsEnabled} (Sluice): false answers codes 5000-5003 like a stock broker. */
        public Builder sluiceExtensionsEnabled(boolean value) {
            this.transactions = transactions.withExtensionsEnabled(value);
            return this;
        }

        /** {@code producerIdExpiry} (Sluice), ms. */
        public Builder producerIdExpiry(Duration value) {
            this.transactions = transactions.withProducerIdExpiry(value);
            return this;
        }

        /** {@code transactionCheckMax}. */
        public Builder transactionCheckMax(int value) {
            this.transactions = new TransactionSettings(
                    transactions.timeout(),
                    value,
                    transactions.checkInterval(),
                    transactions.producerIdExpiry(),
                    transactions.extensionsEnabled());
            return this;
        }

        /** {@code transactionCheckInterval}, ms. */
        public Builder transactionCheckInterval(Duration value) {
            this.transactions = new TransactionSettings(
                    transactions.timeout(),
                    transactions.checkMax(),
                    value,
                    transactions.producerIdExpiry(),
                    transactions.extensionsEnabled());
            return this;
        }

        public Builder lockMaxLiveTime(Duration value) {
            this.lockMaxLiveTime = value;
            return this;
        }

        public Builder schedule(ScheduleConfig value) {
            this.schedule = Checks.notNull(value, "schedule");
            return this;
        }

        /** The delay-level, timer and roll settings collected so far. */
        ScheduleConfig schedule() {
            return schedule;
        }

        /**
         * Validates every key and builds the config.
         *
         * @throws IllegalArgumentException naming the key and the bad value
         */
        public BrokerConfig build() {
            BrokerConfig config = new BrokerConfig(
                    clusterName,
                    brokerName,
                    brokerId,
                    advertisedIp,
                    bindAddress,
                    listenPort,
                    namesrvAddresses,
                    storeRoot,
                    autoCreateTopicEnable,
                    autoCreateSubscriptionGroup,
                    defaultTopicQueueNums,
                    flushMode,
                    flushInterval,
                    syncFlushTimeout,
                    fileReservedTime,
                    segmentSizeBytes,
                    consumeQueueFileBytes,
                    maxMessageSizeBytes,
                    diskMaxUsedSpacePercent,
                    diskSpaceWarningLevelPercent,
                    longPollingEnable,
                    shortPollingTime,
                    maxHeldPulls,
                    enablePropertyFilter,
                    registerPeriod,
                    registerTimeout,
                    new Threads(
                            sendThreads,
                            pullThreads,
                            adminThreads,
                            sendQueueCapacity,
                            pullQueueCapacity,
                            sendQueueWait,
                            ioThreads,
                            channelIdleTimeout,
                            clientExpiry,
                            lockMaxLiveTime),
                    transactions,
                    schedule);
            BrokerConfigValidation.validate(config);
            return config;
        }
    }
}
