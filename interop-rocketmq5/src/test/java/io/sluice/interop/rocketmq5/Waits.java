package io.sluice.interop.rocketmq5;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for tests: every wait has a deadline and names what it waited for. */
public final class Waits {

    private Waits() {}

    /** Polls {@code condition} every 100 ms until true; fails after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            pause(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
    }

    /** Calls {@code action} until it returns without throwing; fails after {@code timeout}. */
    public static <T> T retrying(String what, Duration timeout, Supplier<T> action) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                last = e;
            }
            pause(200);
        }
        throw new AssertionError("timed out after " + timeout + " retrying " + what, last);
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
