package io.sluice.mq.filter;

/** A compiled condition of a filter expression. Implementations are immutable and thread-safe. */
interface Condition {

    /** The value of this condition for a message with {@code properties}; never throws. */
    Truth test(PropertyLookup properties);
}
