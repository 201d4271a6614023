package io.sluice.compat;

import io.sluice.mq.launcher.SluiceMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice standalone} in a child JVM on fixed loopback ports and a fixed store, so it can be
 * killed and started again where the official clients expect it. The child is this class's {@link
 * #main}: {@link SluiceMain} plus a watcher that exits when stdin closes (the test JVM is gone).
 * Only this object's own {@link Process} is ever signalled. Not thread-safe.
 */
final class SluiceChild implements AutoCloseable {

    private static final String BANNER = "sluice standalone: namesrvAddr=";

    private final Path dir;
    private final int namesrvPort;
    private final int brokerPort;
    private Process process;
    private Path log;
    private int starts;

    SluiceChild(Path dir) throws IOException {
        this.dir = dir;
        this.namesrvPort = freePort();
        this.brokerPort = freePort();
    }

    /** The child's entry point. */
    public static void main(String[] args) {
        Thread watcher = new Thread(
                () -> {
                    InputStream in = System.in;
                    byte[] sink = new byte[256];
                    try {
                        while (in.read(sink) >= 0) {
                            // Only end of file matters.
                        }
                    } catch (IOException e) {
                        // A broken stdin means the parent is gone, like end of file.
                    }
                    System.exit(0);
                },
                "sluice-child-stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        SluiceMain.main(args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String namesrvAddress() {
        return "127.0.0.1:" + namesrvPort;
    }

    /** Starts the child and waits (bounded) until it serves. */
    void start(Duration timeout) throws IOException, InterruptedException {
        starts++;
        log = dir.resolve("child-" + starts + ".log");
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java")
                        .toString());
        process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SluiceChild.class.getName(),
                        "standalone",
                        "--namesrv-port",
                        Integer.toString(namesrvPort),
                        "--store",
                        dir.resolve("store").toString(),
                        "--set",
                        "listenPort=" + brokerPort,
                        "--set",
                        "brokerIP1=127.0.0.1",
                        "--set",
                        "bindAddress=127.0.0.1",
                        "--set",
                        "mappedFileSizeCommitLog=16777216"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logText().contains(BANNER)) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                throw new AssertionError("sluice standalone did not start: " + logText());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + process.pid() + " survived SIGKILL");
        }
    }

    private String logText() {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Prints the current log to {@code out} (for a failing test). */
    void printLog(PrintStream out) {
        out.println(logText());
    }

    /** SIGTERM and a bounded wait, then SIGKILL if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
