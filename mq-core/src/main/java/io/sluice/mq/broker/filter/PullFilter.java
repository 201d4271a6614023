package io.sluice.mq.broker.filter;

import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * What a pull reads of a queue: the consume-queue tag-hash test and the stored-properties test,
 * each null when the subscription does not need it. Immutable and thread-safe; the tests never
 * throw.
 *
 * @param tagHash tests an entry's tag hash before its record is read
 * @param properties tests a record's properties string
 */
public record PullFilter(LongPredicate tagHash, Predicate<String> properties) {

    /** Every message passes. */
    public static final PullFilter ALL = new PullFilter(null, null);
}
