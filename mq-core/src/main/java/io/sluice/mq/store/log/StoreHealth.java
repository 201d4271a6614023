package io.sluice.mq.store.log;

import io.sluice.mq.common.StoreFailedException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's fail-stop switch. After a failed write or fsync the store must not write again: the
 * page cache may hold bytes the disk rejected, so retrying could acknowledge data that is not
 * there. The first failure wins and is logged once; every later write is refused with it.
 *
 * <p>Thread-safe.
 */
public final class StoreHealth {

    private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

    private final AtomicReference<StoreFailedException> failure = new AtomicReference<>();

    /** Marks the store failed because of {@code cause} while doing {@code what}. Idempotent. */
    public void fail(String what, Throwable cause) {
        StoreFailedException candidate = new StoreFailedException(
                "store stopped after a failure while " + what + "; it refuses writes until restarted: " + cause, cause);
        if (!failure.compareAndSet(null, candidate)) {
            return;
        }
        LOG.error("Store fail-stop while {}; refusing all further writes until restart", what, cause);
    }

    /** Throws the recorded failure, if any. */
    public void ensureHealthy() {
        StoreFailedException current = failure.get();
        if (current != null) {
            throw current;
        }
    }

    /** The recorded failure, or null. */
    public StoreFailedException failure() {
        return failure.get();
    }
}
