package io.sluice.mq.common;

/**
 * Always-on precondition and invariant checks. A failed check is a programmer error, never an
 * operating error: callers do not catch these.
 *
 * <p>Thread-safe (stateless).
 */
public final class Checks {

    private Checks() {}

    /** Throws {@link IllegalArgumentException} with {@code message} unless {@code condition}. */
    public static void argument(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** As {@link #argument(boolean, String)}, formatting the message only on failure. */
    public static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    /** Throws {@link IllegalStateException} with the formatted message unless {@code condition}. */
    public static void state(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }

    /** Returns {@code value}, or throws {@link NullPointerException} naming it. */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }
}
