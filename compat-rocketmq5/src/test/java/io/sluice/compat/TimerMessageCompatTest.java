package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 5.x timer messages ({@code setDeliverTimeMs}, {@code setDelayTimeSec}) with the official 5.3.3
 * client; the 4.9.8 client has no such API, so this test lives in this module only.
 */
@ExtendWith(SluiceCluster.class)
class TimerMessageCompatTest {

    @Test
    void timerMessagesAreDeliveredAtTheirTime() throws Exception {
        String topic = Clients.uniqueName("T_timer");
        DefaultMQProducer producer = Clients.producer(SluiceCluster.namesrvAddress(), Clients.uniqueName("PG_timer"));
        producer.start();
        DefaultMQPushConsumer consumer = Clients.push(SluiceCluster.namesrvAddress(), Clients.uniqueName("CG_timer"));
        try {
            producer.send(new Message(topic, "warm-up".getBytes(StandardCharsets.UTF_8)));
            long deliverAt = System.currentTimeMillis() + 3_000;
            Message at = new Message(topic, "at".getBytes(StandardCharsets.UTF_8));
            at.setDeliverTimeMs(deliverAt);
            assertThat(producer.send(at).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            Message after = new Message(topic, "after".getBytes(StandardCharsets.UTF_8));
            after.setDelayTimeSec(2);
            assertThat(producer.send(after).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

            Map<String, MessageExt> received = new ConcurrentHashMap<>();
            consumer.subscribe(topic, "*");
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> received.put(new String(m.getBody(), StandardCharsets.UTF_8), m));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> received.containsKey("at") && received.containsKey("after"));
            assertThat(received.get("at").getStoreTimestamp()).isGreaterThanOrEqualTo(deliverAt);
            assertThat(received.get("at").getTopic()).isEqualTo(topic);
            assertThat(received.get("after").getStoreTimestamp()
                            - received.get("after").getBornTimestamp())
                    .isGreaterThanOrEqualTo(2_000);
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }
}
