package io.sluice.samples.flink;

/**
 * A count of orders and their summed amount: the window aggregate's accumulator and the expected
 * figures the generator computes. Immutable.
 *
 * @param orders number of orders
 * @param amountCents their summed amount in cents
 */
public record Totals(long orders, long amountCents) {

    /** No orders. */
    public static final Totals ZERO = new Totals(0, 0);

    /** These totals plus one order of {@code cents}. */
    public Totals plus(long cents) {
        return new Totals(orders + 1, amountCents + cents);
    }

    /** These totals plus {@code other}. */
    public Totals plus(Totals other) {
        return new Totals(orders + other.orders, amountCents + other.amountCents);
    }
}
