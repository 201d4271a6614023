package io.sluice.samples.flink;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What one run of the sample did and whether its output is right: the orders produced, the
 * window results read back from the output topic, and the totals the generator computed from the
 * orders it made. Immutable.
 *
 * @param ordersProduced orders sent to the input topic
 * @param outOfOrder how many of them happened before an order produced ahead of them
 * @param written every window result in the output topic, duplicates included
 * @param expectedWindows the generator's totals per {@link WindowTotal#windowKey()}
 * @param expectedCustomers the generator's totals per customer
 */
public record SampleReport(
        int ordersProduced,
        int outOfOrder,
        List<WindowTotal> written,
        Map<String, Totals> expectedWindows,
        Map<String, Totals> expectedCustomers) {

    public SampleReport {
        written = List.copyOf(written);
        expectedWindows = Map.copyOf(expectedWindows);
        expectedCustomers = Map.copyOf(expectedCustomers);
    }

    /** Window keys that appear more than once in the output (each should appear exactly once). */
    public List<String> duplicateWindows() {
        return written.stream()
                .collect(Collectors.groupingBy(WindowTotal::windowKey, TreeMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The output as totals per window key (a duplicated key keeps its last value). */
    public Map<String, Totals> writtenWindows() {
        return written.stream()
                .collect(Collectors.toMap(
                        WindowTotal::windowKey,
                        t -> new Totals(t.orders(), t.amountCents()),
                        (a, b) -> b,
                        TreeMap::new));
    }

    /** The output summed per customer, over all its windows. */
    public Map<String, Totals> writtenCustomers() {
        return written.stream()
                .collect(Collectors.groupingBy(
                        WindowTotal::customer,
                        TreeMap::new,
                        Collectors.reducing(Totals.ZERO, t -> new Totals(t.orders(), t.amountCents()), Totals::plus)));
    }

    /** True if every window appears exactly once with exactly the totals the generator computed. */
    public boolean correct() {
        return duplicateWindows().isEmpty() && writtenWindows().equals(expectedWindows);
    }

    /** Expected window keys missing from the output or written with other totals, sorted. */
    public List<String> wrongWindows() {
        Map<String, Totals> actual = writtenWindows();
        return new TreeMap<>(expectedWindows)
                .entrySet().stream()
                        .filter(e -> !e.getValue().equals(actual.get(e.getKey())))
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toList());
    }

    /** Window keys in the output that no order produced. */
    public List<String> unexpectedWindows() {
        return writtenWindows().keySet().stream()
                .filter(Predicate.not(expectedWindows::containsKey))
                .toList();
    }
}
