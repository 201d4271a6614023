package io.sluice.mq.broker.admin;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.broker.BrokerConfigKeys;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link BrokerConfig} as {@code broker.conf} keys and values, in the units of the keys (ms,
 * seconds, hours, bytes, ratios in percent), for GET_BROKER_CONFIG. Thread-safe (stateless).
 */
final class BrokerConfigView {

    private BrokerConfigView() {}

    /** The configuration's keys and values, in {@link BrokerConfigKeys} order. */
    static Map<String, String> of(BrokerConfig config) {
        Map<String, String> view = new LinkedHashMap<>();
        view.put(BrokerConfigKeys.BROKER_CLUSTER_NAME, config.clusterName());
        view.put(BrokerConfigKeys.BROKER_NAME, config.brokerName());
        view.put(BrokerConfigKeys.BROKER_ID, Long.toString(config.brokerId()));
        view.put(BrokerConfigKeys.BROKER_IP1, config.advertisedIp());
        view.put(BrokerConfigKeys.BIND_ADDRESS, config.bindAddress());
        view.put(BrokerConfigKeys.LISTEN_PORT, Integer.toString(config.listenPort()));
        view.put(BrokerConfigKeys.NAMESRV_ADDR, String.join(";", config.namesrvAddresses()));
        view.put(BrokerConfigKeys.STORE_PATH_ROOT_DIR, config.storeRoot().toString());
        view.put(BrokerConfigKeys.AUTO_CREATE_TOPIC_ENABLE, Boolean.toString(config.autoCreateTopicEnable()));
        view.put(
                BrokerConfigKeys.AUTO_CREATE_SUBSCRIPTION_GROUP,
                Boolean.toString(config.autoCreateSubscriptionGroup()));
        view.put(BrokerConfigKeys.DEFAULT_TOPIC_QUEUE_NUMS, Integer.toString(config.defaultTopicQueueNums()));
        view.put(BrokerConfigKeys.FLUSH_DISK_TYPE, config.flushMode().name());
        view.put(
                BrokerConfigKeys.FLUSH_INTERVAL_COMMIT_LOG,
                Long.toString(config.flushInterval().toMillis()));
        view.put(
                BrokerConfigKeys.SYNC_FLUSH_TIMEOUT,
                Long.toString(config.syncFlushTimeout().toMillis()));
        view.put(
                BrokerConfigKeys.FILE_RESERVED_TIME,
                Long.toString(config.fileReservedTime().toHours()));
        view.put(BrokerConfigKeys.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(config.segmentSizeBytes()));
        view.put(BrokerConfigKeys.MAPPED_FILE_SIZE_CONSUME_QUEUE, Integer.toString(config.consumeQueueFileBytes()));
        view.put(BrokerConfigKeys.MAX_MESSAGE_SIZE, Integer.toString(config.maxMessageSizeBytes()));
        view.put(BrokerConfigKeys.DISK_MAX_USED_SPACE_RATIO, Integer.toString(config.diskMaxUsedSpacePercent()));
        view.put(
                BrokerConfigKeys.DISK_SPACE_WARNING_LEVEL_RATIO,
                Integer.toString(config.diskSpaceWarningLevelPercent()));
        view.put(BrokerConfigKeys.LONG_POLLING_ENABLE, Boolean.toString(config.longPollingEnable()));
        view.put(
                BrokerConfigKeys.SHORT_POLLING_TIME_MILLS,
                Long.toString(config.shortPollingTime().toMillis()));
        view.put(BrokerConfigKeys.MAX_HELD_PULL_REQUESTS, Integer.toString(config.maxHeldPulls()));
        view.put(BrokerConfigKeys.ENABLE_PROPERTY_FILTER, Boolean.toString(config.enablePropertyFilter()));
        view.put(
                BrokerConfigKeys.REGISTER_NAME_SERVER_PERIOD,
                Long.toString(config.registerPeriod().toMillis()));
        view.put(
                BrokerConfigKeys.REGISTER_BROKER_TIMEOUT_MILLS,
                Long.toString(config.registerTimeout().toMillis()));
        threads(config.threads(), view);
        return view;
    }

    private static void threads(BrokerConfig.Threads threads, Map<String, String> view) {
        view.put(BrokerConfigKeys.SEND_MESSAGE_THREAD_POOL_NUMS, Integer.toString(threads.sendThreads()));
        view.put(BrokerConfigKeys.PULL_MESSAGE_THREAD_POOL_NUMS, Integer.toString(threads.pullThreads()));
        view.put(BrokerConfigKeys.ADMIN_BROKER_THREAD_POOL_NUMS, Integer.toString(threads.adminThreads()));
        view.put(BrokerConfigKeys.SEND_THREAD_POOL_QUEUE_CAPACITY, Integer.toString(threads.sendQueueCapacity()));
        view.put(BrokerConfigKeys.PULL_THREAD_POOL_QUEUE_CAPACITY, Integer.toString(threads.pullQueueCapacity()));
        view.put(
                BrokerConfigKeys.WAIT_TIME_MILLS_IN_SEND_QUEUE,
                Long.toString(threads.sendQueueWait().toMillis()));
        view.put(BrokerConfigKeys.SERVER_SELECTOR_THREADS, Integer.toString(threads.ioThreads()));
        view.put(
                BrokerConfigKeys.SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS,
                Long.toString(threads.channelIdleTimeout().toSeconds()));
        view.put(
                BrokerConfigKeys.CHANNEL_EXPIRED_TIMEOUT,
                Long.toString(threads.clientExpiry().toMillis()));
        view.put(
                BrokerConfigKeys.REBALANCE_LOCK_MAX_LIVE_TIME,
                Long.toString(threads.lockMaxLiveTime().toMillis()));
    }
}
