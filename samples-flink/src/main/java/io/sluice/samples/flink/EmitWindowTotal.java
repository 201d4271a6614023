package io.sluice.samples.flink;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's aggregate into a {@link WindowTotal} naming the customer (the key) and the
 * window's bounds. Stateless.
 */
final class EmitWindowTotal extends ProcessWindowFunction<Totals, WindowTotal, String, TimeWindow> {

    private static final long serialVersionUID = 1L;

    @Override
    public void process(String customer, Context context, Iterable<Totals> aggregates, Collector<WindowTotal> out) {
        // With an incremental aggregate the iterable holds exactly one element per window firing.
        for (Totals totals : aggregates) {
            TimeWindow window = context.window();
            out.collect(new WindowTotal(
                    customer, window.getStart(), window.getEnd(), totals.orders(), totals.amountCents()));
        }
    }
}
