package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batch limits as the official producer meets them: its own 4 MiB check, Sluice's check of the
 * whole batch against {@code maxMessageSize} (4 MiB) when the client is configured to send more,
 * and mixed-topic batches.
 */
@ExtendWith(SluiceCluster.class)
class BatchCompatTest {

    private static final int MIB = 1024 * 1024;

    private DefaultMQProducer producer;

    @BeforeEach
    void start() throws Exception {
        producer = Clients.producer(SluiceCluster.namesrvAddress(), Clients.uniqueName("PG"));
        producer.start();
    }

    @AfterEach
    void stop() {
        producer.shutdown();
    }

    private static List<Message> batch(String topic, int messages, int bodyBytes) {
        return java.util.stream.IntStream.range(0, messages)
                .mapToObj(i -> new Message(topic, new byte[bodyBytes]))
                .toList();
    }

    @Test
    void aBatchWithinTheLimitIsStoredWhole() throws Exception {
        String topic = Clients.uniqueName("T_batch_ok");
        SendResult result = producer.send(batch(topic, 3, MIB));
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.getMsgId().split(",")).hasSize(3);
    }

    @Test
    void theClientRefusesABatchOverItsOwnLimit() {
        String topic = Clients.uniqueName("T_batch_client");
        assertThatThrownBy(() -> producer.send(batch(topic, 3, 2 * MIB)))
                .isInstanceOf(MQClientException.class)
                .hasMessageContaining(Integer.toString(4 * MIB));
    }

    @Test
    void theBrokerRefusesABatchOverMaxMessageSizeNamingTheLimit() throws Exception {
        String topic = Clients.uniqueName("T_batch_broker");
        producer.send(new Message(topic, new byte[1])); // creates the topic
        producer.setMaxMessageSize(12 * MIB);
        producer.setRetryTimesWhenSendFailed(0);

        assertThatThrownBy(() -> producer.send(batch(topic, 3, 2 * MIB)))
                .isInstanceOfSatisfying(MQBrokerException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(13);
                    assertThat(e.getErrorMessage())
                            .contains("maxMessageSize")
                            .contains("whole batch")
                            .contains(Integer.toString(4 * MIB));
                });
    }

    @Test
    void aBatchMixingTopicsIsRefused() {
        String first = Clients.uniqueName("T_batch_a");
        String second = Clients.uniqueName("T_batch_b");
        List<Message> mixed = List.of(new Message(first, new byte[1]), new Message(second, new byte[1]));
        assertThatThrownBy(() -> producer.send(mixed))
                .isInstanceOf(MQClientException.class)
                .hasRootCauseMessage("The topic of the messages in one batch should be the same");
    }
}
