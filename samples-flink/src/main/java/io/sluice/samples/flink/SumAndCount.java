package io.sluice.samples.flink;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Window aggregate: counts the orders of a window and sums their amounts, incrementally (Flink
 * keeps one {@link Totals} per key and window, not the orders). Stateless apart from the
 * accumulators Flink passes in.
 */
final class SumAndCount implements AggregateFunction<Order, Totals, Totals> {

    private static final long serialVersionUID = 1L;

    @Override
    public Totals createAccumulator() {
        return Totals.ZERO;
    }

    @Override
    public Totals add(Order order, Totals accumulator) {
        return accumulator.plus(order.amountCents());
    }

    @Override
    public Totals getResult(Totals accumulator) {
        return accumulator;
    }

    @Override
    public Totals merge(Totals a, Totals b) {
        return a.plus(b);
    }
}
