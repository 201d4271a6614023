package io.sluice.mq.broker.admin;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.broker.client.SubscriptionGroups;
import io.sluice.mq.broker.topic.TopicAutoCreator;
import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;

/**
 * Builds this package's processors and hands each, with its request codes, to the broker's
 * registration (which gates them on shutdown and runs them on the admin pool). Thread-safe once
 * built.
 */
public final class BrokerAdminProcessors {

    /** The broker's registration of a processor for some codes. */
    @FunctionalInterface
    public interface Registration {
        void register(RequestProcessor processor, int... codes);
    }

    /** What the processors read and change. */
    public record Parts(
            BrokerConfig config,
            FileMessageStore store,
            TopicAutoCreator topicCreator,
            SubscriptionGroups groups,
            ClientRegistry clients,
            Clock clock) {}

    private BrokerAdminProcessors() {}

    /**
     * Registers the group, connection, consumer running-info (forwarded), topic-consumers,
     * runtime-info and broker-config processors.
     */
    public static void registerAll(Parts parts, Registration registration) {
        registration.register(
                new SubscriptionGroupProcessor(parts.groups(), parts.clock()),
                RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                RequestCode.DELETE_SUBSCRIPTIONGROUP);
        registration.register(
                new ConnectionListProcessor(parts.clients()),
                RequestCode.GET_CONSUMER_CONNECTION_LIST,
                RequestCode.GET_PRODUCER_CONNECTION_LIST);
        registration.register(
                new ConsumerRunningInfoForwarder(parts.clients(), ConsumerRunningInfoForwarder.DEFAULT_TIMEOUT_MS),
                RequestCode.GET_CONSUMER_RUNNING_INFO);
        registration.register(
                new TopicConsumersProcessor(parts.clients(), parts.store()), RequestCode.QUERY_TOPIC_CONSUME_BY_WHO);
        registration.register(
                new BrokerInfoProcessor(
                        new RuntimeInfo(parts.store(), parts.config().storeRoot(), parts.clock()),
                        new LiveSettings(parts.config(), parts.topicCreator(), parts.groups())),
                RequestCode.GET_BROKER_RUNTIME_INFO,
                RequestCode.GET_BROKER_CONFIG,
                RequestCode.UPDATE_BROKER_CONFIG);
    }
}
