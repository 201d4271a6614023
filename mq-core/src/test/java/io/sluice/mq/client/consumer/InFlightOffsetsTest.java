package io.sluice.mq.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.MessageQueue;
import org.junit.jupiter.api.Test;

class InFlightOffsetsTest {

    private static final MessageQueue Q = new MessageQueue("T", "b", 0);

    @Test
    void commitsOnlyUpToTheLowestUnfinishedOffset() {
        InFlightOffsets offsets = new InFlightOffsets();
        assertThat(offsets.committable(Q)).isEmpty();
        for (long offset = 10; offset < 15; offset++) {
            offsets.dispatched(Q, offset);
        }
        assertThat(offsets.committable(Q)).hasValue(10);
        offsets.done(Q, 11);
        offsets.done(Q, 12);
        assertThat(offsets.committable(Q)).hasValue(10);
        offsets.done(Q, 10);
        assertThat(offsets.committable(Q)).hasValue(13);
        assertThat(offsets.inFlight()).isEqualTo(2);
        offsets.done(Q, 14);
        offsets.done(Q, 13);
        assertThat(offsets.committable(Q)).hasValue(15);
        assertThat(offsets.inFlight()).isZero();
    }

    @Test
    void resetForgetsAQueueAndUnknownDonesAreIgnored() {
        InFlightOffsets offsets = new InFlightOffsets();
        offsets.dispatched(Q, 3);
        offsets.reset(Q);
        assertThat(offsets.committable(Q)).isEmpty();
        offsets.done(Q, 3);
        assertThat(offsets.inFlight()).isZero();
    }
}
