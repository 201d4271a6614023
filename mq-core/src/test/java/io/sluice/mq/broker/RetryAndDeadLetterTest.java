package io.sluice.mq.broker;

import static io.sluice.mq.broker.DelayedDeliveryTest.awaitTrue;
import static io.sluice.mq.broker.DelayedDeliveryTest.body;
import static io.sluice.mq.broker.DelayedDeliveryTest.read;
import static io.sluice.mq.broker.TestCluster.createTopic;
import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.schedule.DelayLevels;
import io.sluice.mq.broker.schedule.ScheduleConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.PushConsumer;
import io.sluice.mq.client.consumer.PushConsumerConfig;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.SubscriptionGroupConfig;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.WireMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONSUMER_SEND_MSG_BACK: Sluice's push consumer sends failed messages back, they return through
 * the group's retry topic with reconsume times counted up, and after the group's maximum they land
 * in its dead-letter topic. Delay levels are 100 ms here so the backoff is quick.
 */
class RetryAndDeadLetterTest {

    @TempDir
    Path dir;

    private BrokerConfig fastRetries() {
        String levels = String.join(" ", java.util.Collections.nCopies(18, "100ms"));
        return TestCluster.config(dir)
                .schedule(ScheduleConfig.defaults().withDelayLevels(DelayLevels.parse(levels)))
                .build();
    }

    @Test
    void pushConsumerFailuresComeBackThroughTheRetryTopicThenLandInTheDeadLetterTopic() throws Exception {
        try (TestCluster cluster = TestCluster.start(fastRetries());
                MqClient client = new MqClient(
                                ClientConfig.builder(cluster.namesrv())
                                        .clientIp("127.0.0.1")
                                        .instanceName("retry-test")
                                        .build(),
                                new SystemClock(),
                                new SplittableRandom(3))
                        .start()) {
            assertThat(cluster.toBroker(createTopic("Work", 1)).code()).isEqualTo(ResponseCode.SUCCESS);
            Producer producer = client.newProducer(ProducerConfig.of("PG_retry"));
            producer.send(Message.of("Work", "poison".getBytes(StandardCharsets.UTF_8)));
            producer.send(Message.of("Work", "flaky".getBytes(StandardCharsets.UTF_8)));

            List<String> attempts = new CopyOnWriteArrayList<>();
            Map<String, String> succeeded = new ConcurrentHashMap<>();
            PushConsumer push = client.newPushConsumer(
                    ConsumerConfig.builder("CG_retry")
                            .pullSuspend(Duration.ofSeconds(1))
                            .startPosition(StartPosition.first())
                            .build(),
                    PushConsumerConfig.defaults()
                            .withCommitInterval(Duration.ofMillis(200))
                            .withMaxReconsumeTimes(2),
                    message -> {
                        String body = new String(message.body(), StandardCharsets.UTF_8);
                        attempts.add(body + "#" + message.reconsumeTimes());
                        if (body.equals("poison") || message.reconsumeTimes() == 0) {
                            throw new IllegalStateException("cannot process " + body);
                        }
                        succeeded.put(body, message.topic());
                    });
            push.subscribe("Work", "*").start();

            awaitTrue("the poison message is dead-lettered", () -> !read(cluster, "%DLQ%CG_retry")
                    .isEmpty());
            awaitTrue("the flaky message succeeds on its retry", () -> succeeded.containsKey("flaky"));
            push.close();

            assertThat(attempts).contains("poison#0", "poison#1", "poison#2", "flaky#0", "flaky#1");
            assertThat(attempts).doesNotContain("poison#3", "flaky#2");
            assertThat(succeeded).containsEntry("flaky", "%RETRY%CG_retry");
            List<WireMessage> dead = read(cluster, "%DLQ%CG_retry");
            assertThat(dead).hasSize(1);
            assertThat(body(dead.get(0))).isEqualTo("poison");
            assertThat(dead.get(0).reconsumeTimes()).isEqualTo(3);
            assertThat(dead.get(0).property("RETRY_TOPIC")).isEqualTo("Work");
            assertThat(dead.get(0).property("DLQ_ORIGIN_TOPIC")).isEqualTo("Work");
            assertThat(dead.get(0).property("DELAY")).isNull();
        }
    }

    @Test
    void sendBackStoresADelayedRetryCopyOrADeadLetterAndNamesBadOffsets() throws Exception {
        try (TestCluster cluster = TestCluster.start(fastRetries())) {
            RemotingCommand sent = cluster.send(
                    sendV2("Raw", 0, "failed", TestCluster.properties(Map.of("UNIQ_KEY", "U1", "TAGS", "t"))));
            long position = MessageIds.decode(sent.ext("msgId")).logPosition();

            RemotingCommand retry = cluster.toBroker(sendBack(position, "CG_raw", 0, 16));
            assertThat(retry.code()).as(retry.remark()).isEqualTo(ResponseCode.SUCCESS);
            awaitTrue("the retry copy is released", () -> !read(cluster, "%RETRY%CG_raw")
                    .isEmpty());
            WireMessage copy = read(cluster, "%RETRY%CG_raw").get(0);
            assertThat(copy.reconsumeTimes()).isEqualTo(1);
            assertThat(copy.property("DELAY"))
                    .as("RocketMQ's backoff: level 3 + reconsume times")
                    .isEqualTo("3");
            assertThat(copy.property("RETRY_TOPIC")).isEqualTo("Raw");
            assertThat(copy.property("UNIQ_KEY")).isEqualTo("U1");
            assertThat(copy.property("ORIGIN_MESSAGE_ID")).isEqualTo(sent.ext("msgId"));
            assertThat(copy.property("REAL_TOPIC")).isEqualTo("%RETRY%CG_raw");

            RemotingCommand straight = cluster.toBroker(sendBack(position, "CG_raw", -1, 16));
            assertThat(straight.code()).isEqualTo(ResponseCode.SUCCESS);
            awaitTrue("delay level -1 goes straight to the DLQ", () -> !read(cluster, "%DLQ%CG_raw")
                    .isEmpty());

            RemotingCommand nothing = cluster.toBroker(sendBack(1L << 40, "CG_raw", 0, 16));
            assertThat(nothing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(nothing.remark()).contains(Long.toString(1L << 40));

            RemotingCommand missing = cluster.toBroker(
                    RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK).putExt("group", "CG_raw"));
            assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(missing.remark()).contains("offset");
        }
    }

    @Test
    void withoutTheHeadersMaximumTheGroupsStoredRetryMaxTimesDecides() throws Exception {
        try (TestCluster cluster = TestCluster.start(fastRetries())) {
            SubscriptionGroupConfig d = SubscriptionGroupConfig.defaults("CG_noretry");
            SubscriptionGroupConfig noRetries = new SubscriptionGroupConfig(
                    "CG_noretry", true, true, true, false, d.retryQueueNums(), 0, 0, 1, true);
            RemotingCommand configured =
                    cluster.toBroker(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                            .body(noRetries.encode()));
            assertThat(configured.code()).as(configured.remark()).isEqualTo(ResponseCode.SUCCESS);
            RemotingCommand sent = cluster.send(
                    sendV2("Raw", 0, "failed", TestCluster.properties(Map.of("UNIQ_KEY", "U2", "TAGS", "t"))));
            long position = MessageIds.decode(sent.ext("msgId")).logPosition();
            RemotingCommand oldClient = RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                    .putExt("offset", position)
                    .putExt("group", "CG_noretry")
                    .putExt("delayLevel", 0)
                    .putExt("originMsgId", "U2")
                    .putExt("originTopic", "Raw");

            assertThat(cluster.toBroker(oldClient).code()).isEqualTo(ResponseCode.SUCCESS);

            awaitTrue("retryMaxTimes 0 sends the first failure to the DLQ", () -> !read(cluster, "%DLQ%CG_noretry")
                    .isEmpty());
            assertThat(read(cluster, "%RETRY%CG_noretry")).isEmpty();
        }
    }

    private static RemotingCommand sendBack(long offset, String group, int delayLevel, int max) {
        return RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                .putExt("offset", offset)
                .putExt("group", group)
                .putExt("delayLevel", delayLevel)
                .putExt("originMsgId", "U1")
                .putExt("originTopic", "Raw")
                .putExt("unitMode", false)
                .putExt("maxReconsumeTimes", max);
    }
}
