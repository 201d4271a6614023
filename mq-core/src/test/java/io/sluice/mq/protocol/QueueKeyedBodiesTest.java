package io.sluice.mq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.body.ConsumeStatsBody;
import io.sluice.mq.protocol.body.ResetOffsetBody;
import io.sluice.mq.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bodies keyed by MessageQueue in fastjson's object-key form ({@code {{"brokerName":..}:..}}), as
 * RocketMQ's brokers and clients write ResetOffsetBody and ConsumeStats.
 */
class QueueKeyedBodiesTest {

    private static final MessageQueue Q0 = new MessageQueue("T", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("T", "broker-a", 1);

    @Test
    void resetOffsetBodyIsWrittenWithObjectKeysAndReadBack() {
        byte[] encoded = new ResetOffsetBody(Map.of(Q1, 7L, Q0, 3L)).encode();
        assertThat(new String(encoded, StandardCharsets.UTF_8))
                .isEqualTo("{\"offsetTable\":{{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}:3,"
                        + "{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}:7}}");
        assertThat(ResetOffsetBody.decode(encoded).offsets()).containsExactly(Map.entry(Q0, 3L), Map.entry(Q1, 7L));
    }

    @Test
    void consumeStatsFromARocketMqBrokerParseWithoutSluiceFields() {
        String fromRocketMq = "{\"consumeTps\":1.5,\"offsetTable\":{{\"brokerName\":\"broker-a\",\"queueId\":1,"
                + "\"topic\":\"T\"}:{\"brokerOffset\":10,\"consumerOffset\":4,\"lastTimestamp\":99,\"pullOffset\":4}}}";
        ConsumeStatsBody stats = ConsumeStatsBody.decode(fromRocketMq.getBytes(StandardCharsets.UTF_8));
        assertThat(stats.consumeTps()).isEqualTo(1.5);
        assertThat(stats.tpsWindowMs())
                .as("absent: the broker measured its own way")
                .isEqualTo(-1);
        assertThat(stats.queues()).containsExactly(new ConsumeStatsBody.Entry(Q1, 10, 4, 99, 0, 4));
        String fromRocketMq4 = "{\"consumeTps\":0.0,\"offsetTable\":{{\"brokerName\":\"broker-a\",\"queueId\":1,"
                + "\"topic\":\"T\"}:{\"brokerOffset\":10,\"consumerOffset\":4,\"lastTimestamp\":99}}}";
        assertThat(ConsumeStatsBody.decode(fromRocketMq4.getBytes(StandardCharsets.UTF_8))
                        .queues()
                        .get(0)
                        .inflight())
                .as("no pull offset: in-flight unknown")
                .isEqualTo(-1);

        ConsumeStatsBody ours =
                new ConsumeStatsBody(2.5, 60_000, List.of(new ConsumeStatsBody.Entry(Q0, 5, 2, 11, 12, 4)));
        assertThat(ConsumeStatsBody.decode(ours.encode())).isEqualTo(ours);
    }

    @Test
    void objectKeysNestTooDeepAreRefused() {
        String deep = "{".repeat(Json.MAX_DEPTH + 5) + "}".repeat(Json.MAX_DEPTH + 5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse(deep))
                .isInstanceOf(ProtocolException.class);
    }
}
