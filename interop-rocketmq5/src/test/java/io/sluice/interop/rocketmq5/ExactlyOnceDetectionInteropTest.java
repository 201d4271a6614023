package io.sluice.interop.rocketmq5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.transaction.ExtensionsUnavailableException;
import io.sluice.mq.client.transaction.TransactionListing;
import io.sluice.mq.protocol.ResponseCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sluice's exactly-once extensions against a real RocketMQ 5.3.3 broker: the client detects that
 * the broker answers the private codes with REQUEST_CODE_NOT_SUPPORTED, reports which features are
 * unavailable, and never sends the extension fields (the producer refuses to start).
 */
@ExtendWith(RealRocketMqExtension.class)
class ExactlyOnceDetectionInteropTest {

    @Test
    void aStockBrokerIsDetectedAndTheExactlyOnceProducerRefusesToStart(RealRocketMqCluster cluster) {
        try (MqClient client = MqClient.start(cluster.clientConfig("eos-detect-it"))) {
            assertThat(client.extensionFeatures(cluster.brokerAddress())).isEmpty();

            String topic = "IT_eos_" + System.nanoTime();
            client.admin().createTopic(NewTopic.of(topic, 1).inCluster(RealRocketMqCluster.CLUSTER));
            Waits.retrying("route of " + topic, Duration.ofSeconds(30), () -> client.admin()
                    .topicRoute(topic)
                    .orElseThrow());
            assertThatThrownBy(() -> client.newExactlyOnceProducer(ProducerConfig.of("PG_EOS"), "sink-0", topic))
                    .isInstanceOfSatisfying(ExtensionsUnavailableException.class, e -> {
                        assertThat(e.responseCode()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
                        assertThat(e.getMessage()).contains("idempotence and transactions are unavailable");
                    });
            // Listing skips brokers without the extension instead of failing.
            assertThat(client.listTransactions("sink-", TransactionListing.OPEN, topic))
                    .isEmpty();
        }
    }
}
