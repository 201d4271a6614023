package io.sluice.connector.flink.sink.internal;

import io.sluice.connector.flink.sink.IdempotentSends;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.transaction.ExtensionsUnavailableException;
import io.sluice.mq.protocol.body.BrokerData;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, when a writer opens, whether its producer is idempotent: for AT_LEAST_ONCE per {@link
 * IdempotentSends}, asking each master broker of the cluster for its extension features (once per
 * address and client). Stateless.
 */
@Internal
final class IdempotenceChoice {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotenceChoice.class);
    static final String FEATURE = "idempotence";

    private IdempotenceChoice() {}

    /**
     * @throws ExtensionsUnavailableException if {@code mode} is REQUIRED and a broker cannot
     *     deduplicate
     */
    static boolean idempotent(MqClient client, DeliveryGuarantee guarantee, IdempotentSends mode) {
        if (guarantee != DeliveryGuarantee.AT_LEAST_ONCE || mode == IdempotentSends.DISABLED) {
            return false;
        }
        Optional<BrokerData> lacking = brokerWithout(client);
        if (lacking.isEmpty()) {
            return true;
        }
        String address = lacking.get().masterAddress();
        if (mode == IdempotentSends.REQUIRED) {
            throw new ExtensionsUnavailableException(address, "idempotent sends (IdempotentSends.REQUIRED)");
        }
        LOG.warn(
                "broker {} at {} cannot deduplicate sends (a stock RocketMQ broker?): the AT_LEAST_ONCE sink "
                        + "sends without idempotence, so a retried send may be stored twice",
                lacking.get().brokerName(),
                address);
        return false;
    }

    /** The first master broker that lacks the feature; empty if all have it. */
    private static Optional<BrokerData> brokerWithout(MqClient client) {
        for (BrokerData broker : client.admin().clusterInfo().brokers().values()) {
            String master = broker.masterAddress();
            if (master != null && !client.extensionFeatures(master).contains(FEATURE)) {
                return Optional.of(broker);
            }
        }
        return Optional.empty();
    }
}
