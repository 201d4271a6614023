package io.sluice.connector.flink.sink.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.annotation.Internal;

/**
 * Bounds and tracks one writer's asynchronous sends: at most {@code maxInFlight} sends are
 * unacknowledged at a time, {@link #awaitAll} waits (bounded) until none is, and the first failure
 * is kept until the task thread rethrows it.
 *
 * <p>Thread-safety: {@link #acquire}, {@link #awaitAll} and {@link #throwIfFailed} run on the task
 * thread; {@link #completed} runs on the client's callback threads. A permit is taken per send and
 * given back when its acknowledgement or failure arrives, so the semaphore's free permits count
 * the sends not in flight.
 */
@Internal
public final class InFlightSends {

    private final int maxInFlight;
    private final Semaphore permits;
    private final AtomicReference<SluiceSendException> failure = new AtomicReference<>();

    public InFlightSends(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
    }

    /**
     * Takes a permit for one send, waiting at most {@code timeout} for an earlier send to finish.
     *
     * @throws IOException if no send finished within {@code timeout} (the broker is not answering)
     */
    public void acquire(Duration timeout) throws IOException, InterruptedException {
        if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IOException(maxInFlight + " sends still unacknowledged after " + timeout
                    + " (maxInFlightSends reached; is the broker answering?)");
        }
    }

    /** Gives back a permit taken for a send that was never issued. */
    public void release() {
        permits.release();
    }

    /**
     * Records the end of one send and gives back its permit.
     *
     * @param error the send's failure, or {@code null}
     * @param record what was sent, for the failure's message
     * @return true if this is the writer's first failure (the caller then wakes the task thread)
     */
    public boolean completed(Throwable error, String record) {
        try {
            return error != null && failure.compareAndSet(null, new SluiceSendException(record, error));
        } finally {
            permits.release();
        }
    }

    /**
     * Waits until every issued send has finished, at most {@code timeout}.
     *
     * @throws IOException if sends are still unacknowledged after {@code timeout}
     */
    public void awaitAll(Duration timeout) throws IOException, InterruptedException {
        if (!permits.tryAcquire(maxInFlight, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IOException(inFlight() + " sends still unacknowledged after waiting " + timeout + " at a flush");
        }
        permits.release(maxInFlight);
    }

    /** Rethrows the first failure, if any; the writer is unusable after that. */
    public void throwIfFailed() throws SluiceSendException {
        SluiceSendException first = failure.get();
        if (first != null) {
            throw first;
        }
    }

    /** Sends issued and not yet finished. */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }
}
