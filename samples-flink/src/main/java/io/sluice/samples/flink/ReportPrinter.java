package io.sluice.samples.flink;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a {@link SampleReport} as the sample's closing lines. Stateless. */
final class ReportPrinter {

    private ReportPrinter() {}

    static void print(SampleReport report, PrintStream out) {
        out.printf(
                "read %d window results from '%s' (%d expected)%n",
                report.written().size(),
                OrderTotalsSample.TOTALS,
                report.expectedWindows().size());
        Map<String, Totals> customers = report.writtenCustomers();
        Map<String, Long> windowsPerCustomer =
                report.written().stream().collect(Collectors.groupingBy(WindowTotal::customer, Collectors.counting()));
        for (Map.Entry<String, Totals> entry : customers.entrySet()) {
            Totals expected = report.expectedCustomers().getOrDefault(entry.getKey(), Totals.ZERO);
            out.printf(
                    "  %-12s %5d orders %14s in %d windows (generator: %d orders %s)%n",
                    entry.getKey(),
                    entry.getValue().orders(),
                    money(entry.getValue().amountCents()),
                    windowsPerCustomer.get(entry.getKey()),
                    expected.orders(),
                    money(expected.amountCents()));
        }
        if (report.correct()) {
            out.printf(
                    "check: OK - %d windows, each written exactly once, totals equal the generator's for all %d orders%n",
                    report.written().size(), report.ordersProduced());
        } else {
            out.printf(
                    "check: FAILED - duplicated %s, missing or wrong %s, unexpected %s%n",
                    limit(report.duplicateWindows()), limit(report.wrongWindows()), limit(report.unexpectedWindows()));
        }
    }

    private static String money(long cents) {
        return String.format("$%,d.%02d", cents / 100, cents % 100);
    }

    private static List<String> limit(List<String> keys) {
        return keys.size() <= 10 ? keys : keys.subList(0, 10);
    }
}
