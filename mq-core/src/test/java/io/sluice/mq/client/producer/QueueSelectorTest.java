package io.sluice.mq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueSelectorTest {

    private static List<MessageQueue> queues() {
        List<MessageQueue> queues = new ArrayList<>();
        for (String broker : List.of("broker-a", "broker-b")) {
            for (int i = 0; i < 4; i++) {
                queues.add(new MessageQueue("T", broker, i));
            }
        }
        return queues;
    }

    @Test
    void aKeyAlwaysMapsToTheSameQueueByItsStringHash() {
        List<MessageQueue> queues = queues();
        for (String key : List.of("order-1", "order-2", "", "Ω", "polygenelubricants")) {
            MessageQueue chosen = QueueSelector.byKey(queues, key);
            assertThat(QueueSelector.byKey(List.copyOf(queues), key)).isEqualTo(chosen);
            assertThat(chosen).isEqualTo(queues.get(Math.floorMod(key.hashCode(), queues.size())));
        }
        // "polygenelubricants".hashCode() == Integer.MIN_VALUE: still a valid index.
        assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void roundRobinCyclesAndAvoidsTheFailedBroker() {
        List<MessageQueue> queues = queues();
        assertThat(QueueSelector.roundRobin(queues, 0, null)).isEqualTo(queues.get(0));
        assertThat(QueueSelector.roundRobin(queues, 9, null)).isEqualTo(queues.get(1));
        assertThat(QueueSelector.roundRobin(queues, -1, null)).isEqualTo(queues.get(7));
        for (int counter = 0; counter < 16; counter++) {
            assertThat(QueueSelector.roundRobin(queues, counter, "broker-a").brokerName())
                    .isEqualTo("broker-b");
        }
        List<MessageQueue> onlyA = queues.subList(0, 4);
        assertThat(QueueSelector.roundRobin(onlyA, 2, "broker-a")).isEqualTo(onlyA.get(2));
    }
}
