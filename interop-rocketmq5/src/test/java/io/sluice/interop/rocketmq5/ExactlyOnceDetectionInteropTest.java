package io.sluice.interop.rocketmq5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.transaction.ExactlyOnceProducer;
import io.sluice.mq.client.transaction.ExtensionsUnavailableException;
import io.sluice.mq.client.transaction.TransactionListing;
import io.sluice.mq.common.MessageQueue;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sluice's exactly-once extensions against a real RocketMQ 5.3.3 broker: the client detects that
 * the broker answers the private codes with REQUEST_CODE_NOT_SUPPORTED, reports which features are
 * unavailable, and never sends the extension fields (the exactly-once producer falls back to half
 * messages, proven in {@link ExactlyOnceFallbackInteropTest}; an idempotent {@code Producer}
 * refuses its sends).
 */
@ExtendWith(RealRocketMqExtension.class)
class ExactlyOnceDetectionInteropTest {

    @Test
    void aStockBrokerIsDetectedAndTheExactlyOnceProducerFallsBackToHalfMessages(RealRocketMqCluster cluster) {
        try (MqClient client = MqClient.start(cluster.clientConfig("eos-detect-it"))) {
            assertThat(client.extensionFeatures(cluster.brokerAddress())).isEmpty();

            String topic = "IT_eos_" + System.nanoTime();
            client.admin().createTopic(NewTopic.of(topic, 1).inCluster(RealRocketMqCluster.CLUSTER));
            Waits.retrying("route of " + topic, Duration.ofSeconds(30), () -> client.admin()
                    .topicRoute(topic)
                    .orElseThrow());
            try (ExactlyOnceProducer producer =
                    client.newExactlyOnceProducer(ProducerConfig.of("PG_EOS"), "sink-0", topic)) {
                assertThat(producer.halfMessageFallback()).isTrue();
                assertThat(producer.unavailableFeatures()).containsExactlyInAnyOrder("idempotence", "transactions");
                assertThat(producer.epoch()).isZero();
            }
            // Listing skips brokers without the extension instead of failing.
            assertThat(client.listTransactions("sink-", TransactionListing.OPEN, topic))
                    .isEmpty();

            // The idempotent producer refuses its sends (nothing is sent without idempotence).
            Producer idempotent =
                    client.newProducer(ProducerConfig.of("PG_IDEM").idempotent(true));
            Message message = Message.builder(topic).body(new byte[] {1}).build();
            assertThatThrownBy(() -> idempotent.send(message))
                    .isInstanceOfSatisfying(ExtensionsUnavailableException.class, e -> assertThat(e.getMessage())
                            .contains("SLUICE_INIT_PRODUCER (idempotent producer)"));
            assertThat(client.admin().maxOffset(new MessageQueue(topic, RealRocketMqCluster.BROKER_NAME, 0)))
                    .isZero();
        }
    }
}
