package io.sluice.mq.broker.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.ManualClock;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The consume-rate window and pull offsets the broker keeps per group, on a manual clock. */
class PullTallyTest {

    private static final long START_MS = 1_700_000_000_000L;

    @Test
    void aRateIsMessagesOverTheMeasuredWindowAndNothingBeforeOneSecond() {
        ManualClock clock = new ManualClock(START_MS);
        PullTally tally = new PullTally(clock, 100);
        tally.recordPull("G", "T", 0, 20, 20);
        assertThat(tally.rate("G", List.of("T")).measured()).isFalse();

        clock.advanceMs(4_000);
        tally.recordPull("G", "T", 1, 20, 20);
        assertThat(tally.rate("G", List.of("T"))).isEqualTo(new PullTally.Rate(10.0, 4_000));
        assertThat(tally.rate("G", List.of("T", "Other")).perSecond()).isEqualTo(10.0);
        assertThat(tally.rate("Idle", List.of("T"))).isEqualTo(new PullTally.Rate(0, 4_000));

        clock.advanceMs(59_000);
        assertThat(tally.rate("G", List.of("T")).perSecond())
                .as("the first pulls left the minute, the second are still in it")
                .isEqualTo(20 * 1000.0 / 59_000);
        clock.advanceMs(5_000);
        assertThat(tally.rate("G", List.of("T"))).isEqualTo(new PullTally.Rate(0, 59_000));
    }

    @Test
    void theLatestPullSetsThePullOffsetAndTheTablesAreBounded() {
        PullTally tally = new PullTally(new ManualClock(START_MS), 1);
        tally.recordPull("G", "T", 0, 32, 32);
        tally.recordPull("G", "T", 0, 8, 8); // after a reset backwards
        assertThat(tally.pulledOffset("G", "T", 0)).isEqualTo(OptionalLong.of(8));

        tally.recordPull("H", "T", 0, 5, 5);
        assertThat(tally.pulledOffset("H", "T", 0))
                .as("over the bound: not tracked")
                .isEmpty();
        assertThat(tally.pulledOffset("G", "T", 0)).isEqualTo(OptionalLong.of(8));
    }
}
