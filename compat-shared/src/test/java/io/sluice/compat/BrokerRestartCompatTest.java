package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official producer and push consumer through a SIGKILL of {@code sluice standalone} (a child
 * JVM, {@link SluiceChild}) and its restart on the same ports and store: sends fail while it is
 * down and succeed again afterwards without help, every acknowledged message is consumed, and the
 * consumer carries on from where it was instead of starting the topic over. Sluice's own client
 * goes through the same (and a graceful stop, in both flush modes) in mq-core's
 * BrokerRestartSessionIT.
 *
 * <p>Takes 5 to 40 s: when the consumer has caught up, its pulls are held (long polling) at the
 * moment of the kill, and the 4.9.8 client fails pending requests fast only when it closes a
 * connection itself, not when the peer dies; those pulls end with its 30 s suspend timeout
 * (CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND, not configurable) plus a 3 s back-off. The same happens
 * with an Apache RocketMQ broker. A graceful stop answers held pulls first.
 */
class BrokerRestartCompatTest {

    @TempDir
    Path dir;

    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Set<String> consumed = ConcurrentHashMap.newKeySet();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void officialClientsReconnectAfterAKillAndLoseNoAcknowledgedMessage() throws Exception {
        String topic = Clients.uniqueName("T_restart");
        try (SluiceChild child = new SluiceChild(dir)) {
            child.start(Duration.ofSeconds(60));
            DefaultMQProducer producer = Clients.producer(child.namesrvAddress(), Clients.uniqueName("PG"));
            producer.setSendMsgTimeout(3000);
            producer.start();
            DefaultMQPushConsumer consumer = Clients.push(child.namesrvAddress(), Clients.uniqueName("PUSH"));
            consumer.setHeartbeatBrokerInterval(1000);
            Thread sender = new Thread(() -> sendLoop(producer, topic), "compat-restart-sender");
            try {
                producer.send(message(topic, "create"));
                consumer.subscribe(topic, "*");
                consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    for (MessageExt m : messages) {
                        consumed.add(m.getMsgId());
                        deliveries.incrementAndGet();
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                consumer.start();
                sender.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 300 && consumed.size() >= 200);

                long failuresBefore = failures.get();
                phase("killing");
                child.kill();
                int ackedBeforeKill = acked.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> failures.get() > failuresBefore);
                phase("restarting");
                child.start(Duration.ofSeconds(60));
                phase("restarted");
                await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() > ackedBeforeKill + 200);
                phase("acknowledged again");

                stop.set(true);
                sender.join(TimeUnit.SECONDS.toMillis(30));
                await().atMost(Duration.ofSeconds(60)).until(() -> consumed.containsAll(acked));
                phase("consumed everything");
                long duplicates = deliveries.get() - consumed.size();
                System.out.printf(
                        "BrokerRestartCompatTest: %d acknowledged (%d before the kill), %d failed sends, %d deliveries,"
                                + " %d duplicates%n",
                        acked.size(), ackedBeforeKill, failures.get(), deliveries.get(), duplicates);
                assertThat(duplicates)
                        .as("the consumer carries on after the restart instead of starting over")
                        .isLessThan(ackedBeforeKill / 2);
            } catch (AssertionError | Exception e) {
                child.printLog(System.out);
                throw e;
            } finally {
                stop.set(true);
                sender.join(TimeUnit.SECONDS.toMillis(30));
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }

    private void phase(String what) {
        System.out.printf(
                "BrokerRestartCompatTest %tT.%<tL %s: %d acknowledged, %d failed sends, %d consumed%n",
                System.currentTimeMillis(), what, acked.size(), failures.get(), consumed.size());
    }

    private void sendLoop(DefaultMQProducer producer, String topic) {
        for (long i = 0; !stop.get(); i++) {
            try {
                SendResult result = producer.send(message(topic, "m-" + i));
                if (result.getSendStatus() == SendStatus.SEND_OK) {
                    acked.add(result.getMsgId());
                }
            } catch (Exception e) { // the broker is down: not acknowledged
                failures.incrementAndGet();
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static Message message(String topic, String body) {
        return new Message(topic, null, body.getBytes(StandardCharsets.UTF_8));
    }
}
