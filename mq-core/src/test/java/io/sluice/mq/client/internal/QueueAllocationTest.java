package io.sluice.mq.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueueAllocationTest {

    private static List<Integer> queues(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    private static List<String> clients(int count) {
        return IntStream.range(0, count).mapToObj(i -> "10.0.0." + i + "@c").toList();
    }

    private static List<List<Integer>> allocate(int queueCount, int clientCount) {
        List<String> ids = clients(clientCount);
        List<List<Integer>> shares = new ArrayList<>();
        for (String id : ids) {
            shares.add(QueueAllocation.averagely(queues(queueCount), ids, id));
        }
        return shares;
    }

    @Test
    void matchesRocketMqAveragingOnKnownExamples() {
        // Values computed by hand from AllocateMessageQueueAveragely's formula.
        assertThat(allocate(8, 3)).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7));
        assertThat(allocate(4, 3)).containsExactly(List.of(0, 1), List.of(2), List.of(3));
        assertThat(allocate(4, 2)).containsExactly(List.of(0, 1), List.of(2, 3));
        assertThat(allocate(5, 2)).containsExactly(List.of(0, 1, 2), List.of(3, 4));
        assertThat(allocate(2, 3)).containsExactly(List.of(0), List.of(1), List.of());
        assertThat(allocate(10, 4)).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7), List.of(8, 9));
        assertThat(allocate(1, 1)).containsExactly(List.of(0));
    }

    @Test
    void sharesAreDisjointCompleteAndBalancedForManySizes() {
        for (int q = 0; q <= 24; q++) {
            for (int c = 1; c <= 9; c++) {
                List<List<Integer>> shares = allocate(q, c);
                Set<Integer> union = new HashSet<>();
                int total = 0;
                for (List<Integer> share : shares) {
                    union.addAll(share);
                    total += share.size();
                    assertThat(share.size()).isBetween(q / c, q / c + 1);
                }
                assertThat(total).as("q=%s c=%s", q, c).isEqualTo(q);
                assertThat(union).hasSize(q);
            }
        }
    }

    @Test
    void aClientMissingFromTheListGetsNothing() {
        assertThat(QueueAllocation.averagely(queues(4), clients(2), "other@x")).isEmpty();
    }
}
