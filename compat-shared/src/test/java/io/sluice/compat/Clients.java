package io.sluice.compat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Official clients configured the same way in every test: pointed at the Sluice namesrv, each with
 * its own instance name (clients sharing one would share one MQClientInstance and look like one
 * group member), and route polling at 1 s so new topics show up quickly.
 */
final class Clients {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    static {
        // Rebalance every second instead of every 20 s; logs of the official client go under target/.
        System.setProperty("rocketmq.client.rebalance.waitInterval", "1000");
        System.setProperty("rocketmq.client.logRoot", "target/rocketmq-client-logs");
    }

    private Clients() {}

    static String uniqueName(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + INSTANCES.incrementAndGet();
    }

    static DefaultMQProducer producer(String namesrv, String group) {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName(uniqueName("producer"));
        producer.setPollNameServerInterval(1000);
        producer.setSendMsgTimeout(10_000);
        return producer;
    }

    static DefaultLitePullConsumer litePull(String namesrv, String group) {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName(uniqueName("lite"));
        consumer.setPollNameServerInterval(1000);
        consumer.setAutoCommit(false);
        return consumer;
    }

    static DefaultMQPushConsumer push(String namesrv, String group) {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName(uniqueName("push"));
        consumer.setPollNameServerInterval(1000);
        consumer.setPersistConsumerOffsetInterval(500);
        return consumer;
    }

    /**
     * The queues of {@code topic} as the official lite-pull consumer sees them. An auto-created topic
     * reaches the nameserver a moment after the send that created it (the broker registers it
     * asynchronously, as RocketMQ does), and the official client's admin calls give up after 3 s on
     * an overloaded machine: both are retried, for at most 30 s.
     */
    static List<MessageQueue> queuesOf(DefaultLitePullConsumer consumer, String topic) {
        return await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> new ArrayList<>(consumer.fetchMessageQueues(topic)), fetched -> !fetched.isEmpty());
    }

    /** Seeks {@code queue} to {@code offset}, retrying the official client's offset look-up as above. */
    static void seek(DefaultLitePullConsumer consumer, MessageQueue queue, long offset) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            consumer.seek(queue, offset);
            return true;
        });
    }
}
