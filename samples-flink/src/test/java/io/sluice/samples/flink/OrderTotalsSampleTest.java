package io.sluice.samples.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.SystemClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's sample end to end (embedded broker, Avro orders, a local Flink job with an
 * EXACTLY_ONCE sink) with fewer orders, and checks what a user reads: every window result is in
 * the output topic exactly once, with the totals of the orders that fell into it.
 */
class OrderTotalsSampleTest {

    private static final long SEED = 7L;

    @Test
    void everyWindowIsWrittenOnceWithTheTotalsOfItsOrders() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SampleReport report;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            report = OrderTotalsSample.run(new OrderTotalsSample.Options(900, 3, 2, SEED), new SystemClock(), out);
        }

        // Out-of-order orders really were in the input, so event time (not arrival) decided windows.
        assertThat(report.ordersProduced()).isEqualTo(900);
        assertThat(report.outOfOrder()).isPositive();

        Map<String, Long> occurrences =
                report.written().stream().collect(Collectors.groupingBy(WindowTotal::windowKey, Collectors.counting()));
        assertThat(occurrences)
                .as("times each window result appears")
                .allSatisfy((window, times) -> assertThat(times).as(window).isEqualTo(1L));
        assertThat(report.writtenWindows()).isEqualTo(report.expectedWindows());
        assertThat(report.written()).allSatisfy(total -> assertThat(total.windowEndMs() - total.windowStartMs())
                .isEqualTo(60_000L));
        // Independent of the generator's own bookkeeping: every order is counted exactly once overall.
        assertThat(report.written().stream().mapToLong(WindowTotal::orders).sum())
                .isEqualTo(900);
        assertThat(report.writtenCustomers()).isEqualTo(report.expectedCustomers());
        assertThat(report.correct()).isTrue();

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("produced 900 Avro orders")
                .contains("read " + report.written().size() + " window results from 'order-totals'")
                .contains("check: OK");
    }

    @Test
    void theCheckCatchesADuplicatedOrWrongWindow() {
        List<Order> orders =
                new OrderGenerator(2, 1_764_061_200_000L, 100, 4000, new SplittableRandom(SEED)).generate(2000);
        Map<String, Totals> expected = OrderGenerator.expectedWindows(orders, 60_000);
        List<WindowTotal> right = expected.entrySet().stream()
                .map(e -> {
                    String[] parts = e.getKey().split("@");
                    long start = Long.parseLong(parts[1]);
                    return new WindowTotal(
                            parts[0],
                            start,
                            start + 60_000,
                            e.getValue().orders(),
                            e.getValue().amountCents());
                })
                .toList();
        Map<String, Totals> customers = OrderGenerator.expectedCustomers(orders);

        assertThat(new SampleReport(2000, 0, right, expected, customers).correct())
                .isTrue();

        List<WindowTotal> duplicated = new java.util.ArrayList<>(right);
        duplicated.add(right.get(0));
        SampleReport twice = new SampleReport(2000, 0, duplicated, expected, customers);
        assertThat(twice.correct()).isFalse();
        assertThat(twice.duplicateWindows()).containsExactly(right.get(0).windowKey());

        WindowTotal first = right.get(0);
        List<WindowTotal> wrong = right.stream()
                .map(t -> t == first
                        ? new WindowTotal(
                                t.customer(), t.windowStartMs(), t.windowEndMs(), t.orders(), t.amountCents() + 1)
                        : t)
                .toList();
        SampleReport off = new SampleReport(2000, 0, wrong, expected, customers);
        assertThat(off.correct()).isFalse();
        assertThat(off.wrongWindows()).containsExactly(first.windowKey());
        assertThat(right.stream().map(WindowTotal::windowKey).collect(Collectors.toMap(Function.identity(), k -> 1)))
                .hasSameSizeAs(expected);
    }
}
