package io.sluice.mq.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice standalone} (nameserver and broker) in a child JVM on fixed loopback ports and a
 * fixed store directory, so it can be stopped or killed and started again at the same addresses:
 * clients keep their nameserver address and the broker address in their cached routes.
 *
 * <p>The child runs {@link StandaloneChild} with this JVM's classpath; its stdout and stderr go to
 * {@code child-<n>.log} in the log directory, one file per start. {@link #start} returns once the
 * banner shows (the broker is registered with the nameserver). Only this object's own {@link
 * Process} is ever signalled. Not thread-safe: one test thread drives it.
 */
final class SluiceChildProcess implements AutoCloseable {

    /** What {@code sluice standalone} prints once it serves (see {@code StandaloneCommand}). */
    static final String BANNER = "sluice standalone: namesrvAddr=";

    private final Path storeDir;
    private final Path logDir;
    private final int namesrvPort;
    private final int brokerPort;
    private final Map<String, String> settings;
    private Process process;
    private Path log;
    private int starts;

    /**
     * @param settings broker keys passed as {@code --set key=value} besides the ports and the
     *     loopback addresses
     */
    SluiceChildProcess(Path storeDir, Path logDir, int namesrvPort, int brokerPort, Map<String, String> settings) {
        this.storeDir = storeDir;
        this.logDir = logDir;
        this.namesrvPort = namesrvPort;
        this.brokerPort = brokerPort;
        this.settings = Map.copyOf(settings);
    }

    /** A loopback port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    String namesrvAddress() {
        return "127.0.0.1:" + namesrvPort;
    }

    String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    Path storeDir() {
        return storeDir;
    }

    /** Starts the child and waits until it serves; fails with the log's tail if it does not. */
    void start(Duration timeout) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("child " + process.pid() + " is still running");
        }
        starts++;
        log = logDir.resolve("child-" + starts + ".log");
        process = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logText().contains(BANNER)) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "sluice standalone exited with " + process.exitValue() + " before serving: " + logTail());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("sluice standalone did not serve within " + timeout + ": " + logTail());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private List<String> command() {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java")
                        .toString());
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                StandaloneChild.class.getName(),
                "standalone",
                "--namesrv-port",
                Integer.toString(namesrvPort),
                "--store",
                storeDir.toString(),
                "--set",
                "listenPort=" + brokerPort,
                "--set",
                "brokerIP1=127.0.0.1",
                "--set",
                "bindAddress=127.0.0.1"));
        settings.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        return command;
    }

    /** SIGTERM ({@link Process#destroy()}): the graceful-shutdown hook runs. Returns the exit code. */
    int stopCleanly(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("sluice standalone did not stop within " + timeout + " of SIGTERM: " + logTail());
        }
        return process.exitValue();
    }

    /** SIGKILL ({@link Process#destroyForcibly()}): no hook, no flush, no checkpoint. Returns the exit code. */
    int kill(Duration timeout) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child " + process.pid() + " survived SIGKILL for " + timeout);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The last 3000 characters of the current start's log. */
    String logTail() {
        String text = logText();
        return "log " + log + ":\n" + (text.length() <= 3000 ? text : text.substring(text.length() - 3000));
    }

    private String logText() {
        try {
            return log != null && Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
