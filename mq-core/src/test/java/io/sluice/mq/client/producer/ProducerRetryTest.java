package io.sluice.mq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.FakePeer;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.RetriableClientException;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.QueueData;
import io.sluice.mq.protocol.body.TopicRouteData;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Producer retries, error mapping and the auto-create route against fake peers on loopback. */
class ProducerRetryTest {

    private FakePeer namesrv;
    private FakePeer brokerA;
    private FakePeer brokerB;
    private MqClient client;

    @BeforeEach
    void start() throws InterruptedException {
        namesrv = new FakePeer("namesrv");
        brokerA = new FakePeer("broker-a");
        brokerB = new FakePeer("broker-b");
        TopicRouteData twoBrokers = new TopicRouteData(
                null,
                List.of(new QueueData("broker-a", 2, 2, 6, 0), new QueueData("broker-b", 2, 2, 6, 0)),
                List.of(
                        new BrokerData("c", "broker-a", Map.of(0L, brokerA.address())),
                        new BrokerData("c", "broker-b", Map.of(0L, brokerB.address()))));
        TopicRouteData tbw = new TopicRouteData(
                null,
                List.of(new QueueData("broker-b", 8, 8, 7, 0)),
                List.of(new BrokerData("c", "broker-b", Map.of(0L, brokerB.address()))));
        namesrv.on(RequestCode.GET_ROUTEINFO_BY_TOPIC, request -> switch (request.ext("topic")) {
            case "T" -> RemotingCommand.success().body(twoBrokers.encode());
            case "TBW102" -> RemotingCommand.success().body(tbw.encode());
            default -> RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "No topic route info");
        });
        AtomicLong offsets = new AtomicLong();
        brokerB.on(RequestCode.SEND_MESSAGE_V2, request -> RemotingCommand.success()
                .putExt("msgId", "7F00000100002A9F0000000000000000")
                .putExt("queueId", request.ext("e"))
                .putExt("queueOffset", offsets.getAndIncrement()));
        client = new MqClient(
                ClientConfig.builder(namesrv.address())
                        .instanceName("retry-test")
                        .build(),
                new SystemClock(),
                new SplittableRandom(42));
        client.start();
    }

    @AfterEach
    void stop() {
        client.close();
        namesrv.close();
        brokerA.close();
        brokerB.close();
    }

    @Test
    void busyBrokerIsRetriedOnTheOtherBroker() {
        brokerA.on(RequestCode.SEND_MESSAGE_V2, r -> RemotingCommand.response(ResponseCode.SYSTEM_BUSY, "[OVERLOAD]"));
        Producer producer = client.newProducer(ProducerConfig.of("PG"));
        for (int i = 0; i < 8; i++) {
            SendResult result = producer.send(Message.of("T", new byte[] {(byte) i}));
            assertThat(result.queue().brokerName()).isEqualTo("broker-b");
        }
        assertThat(brokerA.count(RequestCode.SEND_MESSAGE_V2)).isBetween(1L, 8L);
        assertThat(brokerB.count(RequestCode.SEND_MESSAGE_V2)).isEqualTo(8);
    }

    @Test
    void withoutRetriesTheTypedErrorCarriesCodeAndRemark() {
        brokerA.on(RequestCode.SEND_MESSAGE_V2, r -> RemotingCommand.response(ResponseCode.SYSTEM_BUSY, "[OVERLOAD]"));
        Producer producer = client.newProducer(ProducerConfig.of("PG").withRetries(0));
        RetriableClientException error = null;
        for (int i = 0; i < 4 && error == null; i++) {
            try {
                producer.send(Message.of("T", new byte[] {1}));
            } catch (RetriableClientException e) {
                error = e;
            }
        }
        assertThat(error).isNotNull();
        assertThat(error.responseCode()).isEqualTo(ResponseCode.SYSTEM_BUSY);
        assertThat(error.remark()).isEqualTo("[OVERLOAD]");
        assertThat(error.address()).isEqualTo(brokerA.address());
    }

    @Test
    void nonRetriableErrorsAreNotRetried() {
        brokerA.on(RequestCode.SEND_MESSAGE_V2, r -> RemotingCommand.response(ResponseCode.NO_PERMISSION, "denied"));
        brokerB.on(RequestCode.SEND_MESSAGE_V2, r -> RemotingCommand.response(ResponseCode.NO_PERMISSION, "denied"));
        Producer producer = client.newProducer(ProducerConfig.of("PG"));
        assertThatThrownBy(() -> producer.send(Message.of("T", new byte[] {1})))
                .isInstanceOf(ClientException.class)
                .satisfies(e -> assertThat(((ClientException) e).responseCode()).isEqualTo(ResponseCode.NO_PERMISSION));
        assertThat(brokerA.count(RequestCode.SEND_MESSAGE_V2) + brokerB.count(RequestCode.SEND_MESSAGE_V2))
                .isEqualTo(1);
    }

    @Test
    void unknownTopicsGoThroughTheAutoCreateRoute() {
        Producer producer = client.newProducer(ProducerConfig.of("PG"));
        SendResult result = producer.send(Message.of("Fresh", new byte[] {1}));
        assertThat(result.queue().brokerName()).isEqualTo("broker-b");
        assertThat(result.queue().queueId()).isBetween(0, 3);
        RemotingCommand sent = brokerB.received.stream()
                .filter(r -> r.code() == RequestCode.SEND_MESSAGE_V2)
                .findFirst()
                .orElseThrow();
        assertThat(sent.ext("b")).isEqualTo("Fresh");
        assertThat(sent.ext("c")).isEqualTo("TBW102");
        assertThat(sent.ext("d")).isEqualTo("4");
        assertThat(namesrv.received).extracting(r -> r.ext("topic")).contains("Fresh", "TBW102");
    }
}
