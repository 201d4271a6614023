package io.sluice.mq.broker;

import io.sluice.mq.common.HostAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The range and consistency rules of {@link BrokerConfig}. Every message names the {@code
 * broker.conf} key and the rejected value, so an operator can fix the file without reading code.
 * Thread-safe (stateless).
 */
final class BrokerConfigValidation {

    /** Cluster, broker and group names: RocketMQ's topic alphabet. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,127}");

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private BrokerConfigValidation() {}

    static void validate(BrokerConfig config) {
        name(BrokerConfigKeys.BROKER_CLUSTER_NAME, config.clusterName());
        name(BrokerConfigKeys.BROKER_NAME, config.brokerName());
        check(
                config.brokerId() == 0,
                BrokerConfigKeys.BROKER_ID,
                config.brokerId(),
                "only 0 (a master) is supported: Sluice has no slave replication");
        parseIp(config.advertisedIp());
        check(
                config.bindAddress() != null && !config.bindAddress().isBlank(),
                BrokerConfigKeys.BIND_ADDRESS,
                config.bindAddress(),
                "must be an address to listen on, e.g. 0.0.0.0");
        range(BrokerConfigKeys.LISTEN_PORT, config.listenPort(), 0, 65535);
        for (String address : config.namesrvAddresses()) {
            int colon = address.lastIndexOf(':');
            boolean valid = colon > 0 && address.substring(colon + 1).matches("\\d{1,5}");
            check(valid, BrokerConfigKeys.NAMESRV_ADDR, address, "each address must be host:port");
        }
        range(BrokerConfigKeys.DEFAULT_TOPIC_QUEUE_NUMS, config.defaultTopicQueueNums(), 1, 1024);
        positive(BrokerConfigKeys.FLUSH_INTERVAL_COMMIT_LOG, config.flushInterval());
        positive(BrokerConfigKeys.SYNC_FLUSH_TIMEOUT, config.syncFlushTimeout());
        positive(BrokerConfigKeys.FILE_RESERVED_TIME, config.fileReservedTime());
        range(BrokerConfigKeys.MAX_MESSAGE_SIZE, config.maxMessageSizeBytes(), 1, 64 * 1024 * 1024);
        int maxRecord = config.maxMessageSizeBytes() + 2 * Short.MAX_VALUE + 256;
        range(
                BrokerConfigKeys.MAPPED_FILE_SIZE_COMMIT_LOG,
                config.segmentSizeBytes(),
                2 * maxRecord,
                Integer.MAX_VALUE);
        check(
                config.consumeQueueFileBytes() >= BrokerConfig.CONSUME_QUEUE_ENTRY_BYTES
                        && config.consumeQueueFileBytes() % BrokerConfig.CONSUME_QUEUE_ENTRY_BYTES == 0,
                BrokerConfigKeys.MAPPED_FILE_SIZE_CONSUME_QUEUE,
                config.consumeQueueFileBytes(),
                "must be a positive multiple of 20 (the entry size)");
        range(BrokerConfigKeys.DISK_MAX_USED_SPACE_RATIO, config.diskMaxUsedSpacePercent(), 10, 95);
        range(BrokerConfigKeys.DISK_SPACE_WARNING_LEVEL_RATIO, config.diskSpaceWarningLevelPercent(), 1, 100);
        positive(BrokerConfigKeys.SHORT_POLLING_TIME_MILLS, config.shortPollingTime());
        range(BrokerConfigKeys.MAX_HELD_PULL_REQUESTS, config.maxHeldPulls(), 1, 1_000_000);
        check(
                config.registerPeriod().compareTo(Duration.ofSeconds(1)) >= 0
                        && config.registerPeriod().compareTo(Duration.ofSeconds(60)) <= 0,
                BrokerConfigKeys.REGISTER_NAME_SERVER_PERIOD,
                config.registerPeriod().toMillis(),
                "must be within [1000, 60000] ms: nameservers drop brokers silent for 120 s");
        positive(BrokerConfigKeys.REGISTER_BROKER_TIMEOUT_MILLS, config.registerTimeout());
        validateThreads(config.threads());
        validateSchedule(config);
    }

    /** Waiting delayed messages must outlive no segment: retention keeps what still waits. */
    private static void validateSchedule(BrokerConfig config) {
        long halfRetentionMs = config.fileReservedTime().toMillis() / 2;
        check(
                config.schedule().timerRollWindow().toMillis() <= halfRetentionMs,
                BrokerConfigKeys.TIMER_ROLL_WINDOW_MS,
                config.schedule().timerRollWindow().toMillis(),
                "must be at most half of fileReservedTime (" + halfRetentionMs + " ms), so retention never"
                        + " removes a timer message that is still waiting");
        check(
                config.schedule().delayLevels().maxDelayMs() <= halfRetentionMs,
                BrokerConfigKeys.MESSAGE_DELAY_LEVEL,
                config.schedule().delayLevels(),
                "the longest level must be at most half of fileReservedTime (" + halfRetentionMs + " ms)");
    }

    private static void validateThreads(BrokerConfig.Threads threads) {
        range(BrokerConfigKeys.SEND_MESSAGE_THREAD_POOL_NUMS, threads.sendThreads(), 1, 256);
        range(BrokerConfigKeys.PULL_MESSAGE_THREAD_POOL_NUMS, threads.pullThreads(), 1, 256);
        range(BrokerConfigKeys.ADMIN_BROKER_THREAD_POOL_NUMS, threads.adminThreads(), 1, 256);
        range(BrokerConfigKeys.SEND_THREAD_POOL_QUEUE_CAPACITY, threads.sendQueueCapacity(), 1, 10_000_000);
        range(BrokerConfigKeys.PULL_THREAD_POOL_QUEUE_CAPACITY, threads.pullQueueCapacity(), 1, 10_000_000);
        positive(BrokerConfigKeys.WAIT_TIME_MILLS_IN_SEND_QUEUE, threads.sendQueueWait());
        range(BrokerConfigKeys.SERVER_SELECTOR_THREADS, threads.ioThreads(), 1, 64);
        positive(BrokerConfigKeys.SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS, threads.channelIdleTimeout());
        positive(BrokerConfigKeys.CHANNEL_EXPIRED_TIMEOUT, threads.clientExpiry());
        positive(BrokerConfigKeys.REBALANCE_LOCK_MAX_LIVE_TIME, threads.lockMaxLiveTime());
    }

    /**
     * Parses {@code brokerIP1}, which must be an IP literal: it is written into stored records, and
     * resolving a host name here would make startup depend on DNS.
     */
    static HostAddress parseIp(String ip) {
        check(ip != null && !ip.isBlank(), BrokerConfigKeys.BROKER_IP1, ip, "must be an IP address");
        var ipv4 = IPV4.matcher(ip);
        if (ipv4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(ipv4.group(i + 1));
                check(part <= 255, BrokerConfigKeys.BROKER_IP1, ip, "is not an IPv4 address");
                bytes[i] = (byte) part;
            }
            return HostAddress.of(bytes, 0);
        }
        check(
                ip.matches("[0-9a-fA-F:]+") && ip.contains(":"),
                BrokerConfigKeys.BROKER_IP1,
                ip,
                "must be an IP literal");
        try {
            // A literal with only hex digits and colons is parsed without a name lookup.
            return HostAddress.of(InetAddress.getByName(ip).getAddress(), 0);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(message(BrokerConfigKeys.BROKER_IP1, ip, "is not an IP literal"), e);
        }
    }

    private static void name(String key, String value) {
        check(value != null && NAME.matcher(value).matches(), key, value, "must be 1 to 127 of [a-zA-Z0-9_-]");
    }

    private static void range(String key, long value, long min, long max) {
        check(value >= min && value <= max, key, value, "must be within [" + min + ", " + max + "]");
    }

    private static void positive(String key, Duration value) {
        boolean valid = value != null && !value.isNegative() && !value.isZero();
        check(valid, key, value == null ? null : value.toMillis() + " ms", "must be positive");
    }

    private static void check(boolean condition, String key, Object value, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(message(key, value, rule));
        }
    }

    private static String message(String key, Object value, String rule) {
        return "invalid value '" + value + "' for key '" + key + "': " + rule;
    }
}
