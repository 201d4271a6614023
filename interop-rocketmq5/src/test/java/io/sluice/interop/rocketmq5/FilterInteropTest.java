package io.sluice.interop.rocketmq5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.InvalidSubscriptionException;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.MessageSelector;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.SubscriptionData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sluice's client with SQL92 and tag selectors against a real RocketMQ 5.3.3 broker (started with
 * {@code enablePropertyFilter=true}): the broker filters, our client delivers only matching
 * messages, and the real broker's answer to a malformed expression in CHECK_CLIENT_CONFIG is the
 * code Sluice's broker gives too (23).
 */
@ExtendWith(RealRocketMqExtension.class)
class FilterInteropTest {

    private static RealRocketMqCluster cluster;
    private static MqClient client;
    private static Producer producer;

    @BeforeAll
    static void start(RealRocketMqCluster realCluster) {
        cluster = realCluster;
        client = MqClient.start(cluster.clientConfig("filter-it"));
        producer = client.newProducer(ProducerConfig.of("PG_FILTER_IT"));
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    private static String numberedTopic(int count) {
        String topic = "IT_filter_" + System.nanoTime();
        client.admin().createTopic(NewTopic.of(topic, 2));
        Waits.until(
                "route of " + topic,
                Duration.ofSeconds(30),
                () -> client.admin().queues(topic).size() == 2);
        for (int i = 0; i < count; i++) {
            producer.send(Message.builder(topic)
                    .tags(i % 2 == 0 ? "TagA" : "TagB")
                    .property("n", Integer.toString(i))
                    .body(("m" + i).getBytes(StandardCharsets.UTF_8))
                    .build());
        }
        return topic;
    }

    private static List<String> readToEnd(Consumer consumer, String topic) {
        List<String> numbers = new ArrayList<>();
        List<MessageQueue> queues = consumer.fetchQueues(topic);
        Waits.until("the end of " + topic, Duration.ofSeconds(60), () -> {
            consumer.poll(Duration.ofMillis(200)).forEach(m -> numbers.add(m.property("n")));
            return consumer.assignment().size() == queues.size()
                    && queues.stream().allMatch(q -> consumer.position(q) == consumer.maxOffset(q));
        });
        return numbers;
    }

    private static ConsumerConfig config(String group) {
        return ConsumerConfig.builder(group)
                .pullSuspend(Duration.ofSeconds(2))
                .startPosition(StartPosition.first())
                .build();
    }

    @Test
    void sqlAndTagSelectorsAreServedByTheRealBroker() {
        String topic = numberedTopic(30);
        try (Consumer sql = client.newConsumer(config("CG_sql_it_" + System.nanoTime()))) {
            sql.subscribe(topic, MessageSelector.bySql("n BETWEEN 10 AND 19 AND TAGS = 'TagB'"));
            assertThat(readToEnd(sql, topic)).containsExactlyInAnyOrder("11", "13", "15", "17", "19");
        }
        try (Consumer tags = client.newConsumer(config("CG_tag_it_" + System.nanoTime()))) {
            tags.assign(client.admin().queues(topic), MessageSelector.byTag("TagA"));
            tags.seekToBeginning(client.admin().queues(topic));
            assertThat(readToEnd(tags, topic)).hasSize(15).allMatch(n -> Integer.parseInt(n) % 2 == 0);
        }
    }

    @Test
    void theRealBrokerRefusesAMalformedExpressionWithSubscriptionParseFailed() {
        String topic = numberedTopic(1);
        try (ClientContext context =
                new ClientContext(cluster.clientConfig("filter-it-raw"), new SystemClock(), new SplittableRandom(5))) {
            context.start();
            assertThatThrownBy(() -> context.rpc()
                            .checkClientConfig(
                                    cluster.brokerAddress(),
                                    "CG_raw_it",
                                    context.clientId(),
                                    SubscriptionData.ofSql(topic, "n > 5 AND", 1)))
                    .isInstanceOfSatisfying(InvalidSubscriptionException.class, e -> assertThat(e.responseCode())
                            .isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED));
            context.rpc()
                    .checkClientConfig(
                            cluster.brokerAddress(),
                            "CG_raw_it",
                            context.clientId(),
                            SubscriptionData.ofSql(topic, "n > 5", 1));
        }
    }
}
