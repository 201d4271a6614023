package io.sluice.samples.flink;

/**
 * The job's result for one customer and one tumbling event-time window. Immutable.
 *
 * @param customer the customer
 * @param windowStartMs the window's first millisecond (inclusive, epoch ms)
 * @param windowEndMs the window's end (exclusive, epoch ms)
 * @param orders how many orders fell into the window
 * @param amountCents their summed amount in cents
 */
public record WindowTotal(String customer, long windowStartMs, long windowEndMs, long orders, long amountCents) {

    /** The window's identity, unique per result of one run: {@code customer@windowStartMs}. */
    public String windowKey() {
        return customer + "@" + windowStartMs;
    }
}
