package io.sluice.mq.broker.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.TopicQueue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PullHoldServiceTest {

    private static final TopicQueue QUEUE = new TopicQueue("T", 0);
    private static final TopicQueue OTHER = new TopicQueue("T", 1);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final PullHoldService service = new PullHoldService(2, 2, timer, Thread::new);

    /** Counts its resumptions and lets the test wait for the first. */
    private static final class Recording implements HeldRequest {
        final TopicQueue queue;
        final AtomicInteger resumed = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);

        Recording(TopicQueue queue) {
            this.queue = queue;
        }

        @Override
        public TopicQueue queue() {
            return queue;
        }

        @Override
        public void resume() {
            resumed.incrementAndGet();
            done.countDown();
        }

        boolean awaitResumed(long millis) throws InterruptedException {
            return done.await(millis, TimeUnit.MILLISECONDS);
        }
    }

    @AfterEach
    void stop() {
        service.close();
        timer.shutdownNow();
    }

    @Test
    void dispatchWakesOnlyTheRequestsOfItsQueueExactlyOnce() throws Exception {
        Recording woken = new Recording(QUEUE);
        Recording other = new Recording(OTHER);
        assertThat(service.hold(woken, 200, true)).isTrue();
        assertThat(service.hold(other, 60_000, true)).isTrue();

        service.onDispatched(Set.of(QUEUE));

        assertThat(woken.awaitResumed(5_000)).isTrue();
        assertThat(service.heldCount()).isEqualTo(1);
        assertThat(other.awaitResumed(400))
                .as("the timeout of the woken request must not resume it again")
                .isFalse();
        assertThat(woken.resumed).hasValue(1);
    }

    @Test
    void timeoutResumesAndShortPollsIgnoreDispatches() throws Exception {
        Recording shortPoll = new Recording(QUEUE);
        // The hold outlasts the negative check by far, so a loaded machine cannot let the timeout
        // fire inside it (it did at 300 ms under a load average of 10).
        assertThat(service.hold(shortPoll, 2_000, false)).isTrue();
        service.onDispatched(Set.of(QUEUE));
        assertThat(shortPoll.awaitResumed(200))
                .as("a dispatch must not wake a short poll")
                .isFalse();

        assertThat(shortPoll.awaitResumed(10_000)).isTrue();
        assertThat(service.heldCount()).isZero();
    }

    @Test
    void holdsAreBoundedAndCloseAnswersEveryOne() throws Exception {
        Recording first = new Recording(QUEUE);
        Recording second = new Recording(OTHER);
        assertThat(service.hold(first, 60_000, true)).isTrue();
        assertThat(service.hold(second, 60_000, true)).isTrue();
        assertThat(service.hold(new Recording(QUEUE), 60_000, true)).isFalse();

        service.close();

        assertThat(first.awaitResumed(5_000)).isTrue();
        assertThat(second.awaitResumed(5_000)).isTrue();
        assertThat(service.hold(new Recording(QUEUE), 60_000, true))
                .as("closed")
                .isFalse();
    }
}
