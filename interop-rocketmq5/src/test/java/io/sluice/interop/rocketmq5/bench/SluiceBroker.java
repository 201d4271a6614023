package io.sluice.interop.rocketmq5.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Sluice's {@code sluice standalone} (nameserver and broker in one JVM) in a child JVM, started
 * exactly as {@code bin/sluice} starts it: {@code mq-core/target/classes} plus {@code
 * mq-core/target/lib/*}. Default configuration (ASYNC_FLUSH, 1 GiB segments) except the loopback
 * addresses and free ports. Confined to the harness's main thread.
 */
final class SluiceBroker implements BenchBroker {

    private static final String BANNER = "sluice standalone: ";

    private final Process process;
    private final Path store;
    private final Path gcLog;
    private final int namesrvPort;
    private final int brokerPort;
    private final Thread killer;

    private SluiceBroker(Process process, Path store, Path gcLog, int namesrvPort, int brokerPort) {
        this.process = process;
        this.store = store;
        this.gcLog = gcLog;
        this.namesrvPort = namesrvPort;
        this.brokerPort = brokerPort;
        this.killer = new Thread(process::destroyForcibly, "sluice-broker-killer");
    }

    /**
     * Starts the child and waits for its banner.
     *
     * @param repo the repository root (mq-core must be packaged)
     * @param runDir where the store, GC log and output go
     * @param jvmArgs JVM options (heap cap first)
     */
    static SluiceBroker start(Path repo, Path runDir, List<String> jvmArgs) throws IOException, InterruptedException {
        Path core = repo.resolve("mq-core/target");
        if (!Files.isDirectory(core.resolve("lib")) || !Files.isDirectory(core.resolve("classes"))) {
            throw new IllegalStateException(
                    "mq-core is not packaged; run ./mvnw -q -pl mq-core -am -DskipTests package");
        }
        Path store = Files.createDirectories(runDir.resolve("sluice-store"));
        Path gcLog = runDir.resolve("sluice-gc.log");
        Path output = runDir.resolve("sluice.out");
        int namesrvPort = freePort();
        int brokerPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Xlog:gc:file=" + gcLog);
        command.add("-Dlog4j2.configurationFile=" + repo.resolve("bin/log4j2.xml"));
        command.addAll(List.of("-cp", core.resolve("classes") + ":" + core.resolve("lib") + "/*"));
        command.addAll(List.of("io.sluice.mq.launcher.SluiceMain", "standalone"));
        command.addAll(List.of("--namesrv-port", String.valueOf(namesrvPort), "--store", store.toString()));
        command.addAll(List.of("--set", "listenPort=" + brokerPort, "--set", "brokerIP1=127.0.0.1"));
        command.addAll(List.of("--set", "bindAddress=127.0.0.1", "--set", "flushDiskType=ASYNC_FLUSH"));
        // The same disk threshold the harness gives RocketMQ: this machine's filesystem may already be
        // past the 75% default before either broker writes, and early deletion would starve the read.
        command.addAll(List.of("--set", "diskMaxUsedSpaceRatio=95"));
        Process process = new ProcessBuilder(command)
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        SluiceBroker broker = new SluiceBroker(process, store, gcLog, namesrvPort, brokerPort);
        Runtime.getRuntime().addShutdownHook(broker.killer);
        try {
            broker.awaitBanner(output, Duration.ofSeconds(60));
        } catch (RuntimeException | InterruptedException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private void awaitBanner(Path output, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sluice exited with " + process.exitValue() + "; output in " + output);
            }
            if (Files.readString(output, StandardCharsets.UTF_8).contains(BANNER)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("sluice did not start within " + timeout + "; output in " + output);
    }

    @Override
    public String name() {
        return "sluice";
    }

    @Override
    public String namesrvAddress() {
        return "127.0.0.1:" + namesrvPort;
    }

    @Override
    public String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    @Override
    public long brokerPid() {
        return process.pid();
    }

    @Override
    public Path gcLog() {
        return gcLog;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook kills the child anyway
        }
        deleteTree(store);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is reported, not fatal
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
