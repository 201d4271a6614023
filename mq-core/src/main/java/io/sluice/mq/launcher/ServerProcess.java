package io.sluice.mq.launcher;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a started server running until the JVM is asked to stop, then closes it once: a shutdown
 * hook closes the server (held pulls answered, store closed cleanly, brokers unregistered) and
 * releases the waiting main thread.
 */
final class ServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);

    private ServerProcess() {}

    /** Prints {@code banner}, then blocks until shutdown; returns the exit status. */
    static int runUntilStopped(AutoCloseable server, String banner, PrintWriter out) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    LOG.info("shutting down");
                    try {
                        server.close();
                    } catch (Exception e) { // CHECKSTYLE.OFF: IllegalCatch - report any close failure
                        LOG.error("shutdown failed", e);
                    } finally {
                        stopped.countDown();
                    }
                },
                "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(banner);
        out.flush();
        try {
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
