package io.sluice.samples.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Makes a reproducible list of orders and the window totals a correct job must compute from them.
 *
 * <p>Orders are spaced {@code spacingMs} apart in event time from {@code startMs}, customers taken
 * at random from a small set, amounts 1.00 to 500.00. About one order in six is out of order: its
 * event time is moved back by up to {@code maxDisorderMs}, so it arrives after orders that happened
 * later. Keep {@code maxDisorderMs} below the job's bounded out-of-orderness so no order is late.
 *
 * <p>Not thread-safe (it owns its random source); the randomness is injected, so a seed replays a run.
 */
public final class OrderGenerator {

    private static final double OUT_OF_ORDER_SHARE = 1.0 / 6;

    private final int customers;
    private final long startMs;
    private final long spacingMs;
    private final long maxDisorderMs;
    private final SplittableRandom random;

    /**
     * @param customers how many customers ({@code customer-1} ...), at least 1
     * @param startMs event time of the first order (epoch ms)
     * @param spacingMs event-time step between consecutive orders, at least 1
     * @param maxDisorderMs largest backwards shift of an out-of-order event time, at least 0
     * @param random the random source
     */
    public OrderGenerator(int customers, long startMs, long spacingMs, long maxDisorderMs, SplittableRandom random) {
        if (customers < 1 || spacingMs < 1 || maxDisorderMs < 0) {
            throw new IllegalArgumentException("customers and spacingMs must be >= 1 and maxDisorderMs >= 0, were "
                    + customers + ", " + spacingMs + ", " + maxDisorderMs);
        }
        this.customers = customers;
        this.startMs = startMs;
        this.spacingMs = spacingMs;
        this.maxDisorderMs = maxDisorderMs;
        this.random = random;
    }

    /** {@code count} orders in the order they are produced. */
    public List<Order> generate(int count) {
        List<Order> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long eventTime = startMs + i * spacingMs;
            if (maxDisorderMs > 0 && random.nextDouble() < OUT_OF_ORDER_SHARE) {
                eventTime -= random.nextLong(1, maxDisorderMs + 1);
            }
            String customer = "customer-" + (1 + random.nextInt(customers));
            long cents = random.nextLong(100, 50_001);
            orders.add(new Order(String.format("order-%06d", i), customer, cents, eventTime));
        }
        return orders;
    }

    /** How many of {@code orders} happened before an order produced ahead of them. */
    public static int outOfOrder(List<Order> orders) {
        int count = 0;
        long latest = Long.MIN_VALUE;
        for (Order order : orders) {
            if (order.eventTimeMs() < latest) {
                count++;
            }
            latest = Math.max(latest, order.eventTimeMs());
        }
        return count;
    }

    /**
     * The totals per window a correct job writes, keyed by {@link WindowTotal#windowKey()}, for
     * tumbling windows of {@code windowMs} aligned to the epoch (as Flink aligns them).
     */
    public static Map<String, Totals> expectedWindows(List<Order> orders, long windowMs) {
        Map<String, Totals> expected = new TreeMap<>();
        for (Order order : orders) {
            long start = order.eventTimeMs() - Math.floorMod(order.eventTimeMs(), windowMs);
            expected.merge(order.customer() + "@" + start, Totals.ZERO.plus(order.amountCents()), Totals::plus);
        }
        return expected;
    }

    /** The totals per customer over every order. */
    public static Map<String, Totals> expectedCustomers(List<Order> orders) {
        Map<String, Totals> expected = new TreeMap<>();
        for (Order order : orders) {
            expected.merge(order.customer(), Totals.ZERO.plus(order.amountCents()), Totals::plus);
        }
        return expected;
    }
}
