package io.sluice.mq.launcher.admin;

/**
 * An admin command could not do what it was asked (unreachable nameserver, unknown topic or group,
 * a broker's refusal). Its message is the one line the command line prints; exit status 1.
 */
public final class AdminFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AdminFailure(String message) {
        super(message);
    }

    /** A failure with the exception behind it (kept as the cause; the message is what is printed). */
    public AdminFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure of {@code error}: its message and its root cause's, on one line. */
    static AdminFailure of(RuntimeException error) {
        StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error && root.getMessage() != null && !message.toString().contains(root.getMessage())) {
            message.append(": ").append(root.getMessage());
        }
        return new AdminFailure(message.toString().replaceAll("\\s*[\\r\\n]+\\s*", " "));
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // reported as one line, never as a trace
    }
}
