package io.sluice.interop.rocketmq5;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.common.MqException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache RocketMQ 5.3.3 nameserver and broker, each in a child JVM started from the jars
 * Maven resolved for this module (their classpath is written to a file by maven-dependency-plugin
 * and passed in the system property {@value #CLASSPATH_PROPERTY}). Everything listens on
 * 127.0.0.1 on free ports, stores in a fresh temp directory, and is stopped (SIGTERM, then killed
 * by PID) and deleted by {@link #close()}; a JVM shutdown hook kills the children if the test JVM
 * exits without closing.
 *
 * <p>Reusable by other test modules and benchmarks: depend on this module's test-jar.
 * Thread-safe for reads; start and close from one thread.
 */
public final class RealRocketMqCluster implements AutoCloseable {

    /** System property naming the file that holds the server classpath. */
    public static final String CLASSPATH_PROPERTY = "rocketmq.classpath.file";
    /** The broker's cluster name. */
    public static final String CLUSTER = "DefaultCluster";
    /** The broker's name. */
    public static final String BROKER_NAME = "broker-a";

    private static final Logger LOG = LoggerFactory.getLogger(RealRocketMqCluster.class);

    /**
     * How to launch the children beyond the test defaults.
     *
     * @param jvmArgs extra JVM options for both children, after the defaults (so {@code -Xms512m}
     *     here overrides the default {@code -Xms128m}); {@code {name}} in an option becomes {@code
     *     namesrv} or {@code broker}, e.g. for one GC log per child
     * @param brokerConf extra {@code broker.conf} keys; a key given here replaces the default's
     *     value (e.g. {@code mappedFileSizeCommitLog} back to RocketMQ's 1 GiB for benchmarks)
     * @param namesrvConf extra {@code namesrv.conf} keys
     */
    public record Options(List<String> jvmArgs, Map<String, String> brokerConf, Map<String, String> namesrvConf) {

        /** The test defaults: nothing extra. */
        public static Options defaults() {
            return new Options(List.of(), Map.of(), Map.of());
        }
    }

    private final Path home;
    private final int namesrvPort;
    private final int brokerPort;
    private final Options options;
    private final List<Process> processes = new ArrayList<>();
    private final Thread killer = new Thread(this::killAll, "rocketmq-cluster-killer");
    private long startMillis;

    private RealRocketMqCluster(Path home, int namesrvPort, int brokerPort, Options options) {
        this.home = home;
        this.namesrvPort = namesrvPort;
        this.brokerPort = brokerPort;
        this.options = options;
    }

    /**
     * Starts a nameserver and a broker from the classpath file named by {@value #CLASSPATH_PROPERTY}
     * and waits until the broker's default topic is routable.
     */
    public static RealRocketMqCluster start(Duration timeout) throws IOException, InterruptedException {
        return start(timeout, classpathFile());
    }

    /**
     * As {@link #start(Duration)} with an explicit classpath file (one line, entries separated by
     * the platform path separator), for modules that build their own, e.g. with {@code
     * dependency:build-classpath} on {@code rocketmq-broker} and {@code rocketmq-namesrv} 5.3.3.
     */
    public static RealRocketMqCluster start(Duration timeout, Path classpathFile)
            throws IOException, InterruptedException {
        return start(timeout, classpathFile, Options.defaults());
    }

    /** As {@link #start(Duration, Path)} with extra JVM options and configuration keys. */
    public static RealRocketMqCluster start(Duration timeout, Path classpathFile, Options options)
            throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("rocketmq5-");
        int namesrvPort = freePort();
        int brokerPort = freeBrokerPort();
        RealRocketMqCluster cluster = new RealRocketMqCluster(home, namesrvPort, brokerPort, options);
        try {
            cluster.launch(timeout, Files.readString(classpathFile).trim());
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void launch(Duration timeout, String classpath) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(killer);
        Files.writeString(
                home.resolve("namesrv.conf"), withOverrides("listenPort=" + namesrvPort + "\n", options.namesrvConf()));
        Files.writeString(home.resolve("broker.conf"), brokerConf());
        processes.add(java(classpath, "org.apache.rocketmq.namesrv.NamesrvStartup", "namesrv"));
        awaitPort(namesrvPort, timeout);
        processes.add(java(classpath, "org.apache.rocketmq.broker.BrokerStartup", "broker"));
        awaitBroker(timeout.minusNanos(System.nanoTime() - started));
        startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.warn(
                "RocketMQ 5.3.3 nameserver {} and broker {} ready in {} ms (home {})",
                namesrvAddress(),
                brokerAddress(),
                startMillis,
                home);
    }

    /** {@code conf} with each key of {@code overrides} replaced or appended. */
    private static String withOverrides(String conf, Map<String, String> overrides) {
        StringBuilder out = new StringBuilder();
        for (String line : conf.split("\n")) {
            int equals = line.indexOf('=');
            if (equals < 0 || !overrides.containsKey(line.substring(0, equals))) {
                out.append(line).append('\n');
            }
        }
        overrides.forEach(
                (key, value) -> out.append(key).append('=').append(value).append('\n'));
        return out.toString();
    }

    private String brokerConf() {
        return withOverrides(defaultBrokerConf(), options.brokerConf());
    }

    private String defaultBrokerConf() {
        Path store = home.resolve("store");
        return String.join(
                        "\n",
                        "brokerClusterName=" + CLUSTER,
                        "brokerName=" + BROKER_NAME,
                        "brokerId=0",
                        "namesrvAddr=" + namesrvAddress(),
                        "listenPort=" + brokerPort,
                        "haListenPort=" + (brokerPort + 1),
                        "brokerIP1=127.0.0.1",
                        "storePathRootDir=" + store,
                        "storePathCommitLog=" + store.resolve("commitlog"),
                        "autoCreateTopicEnable=true",
                        "autoCreateSubscriptionGroup=true",
                        "mappedFileSizeCommitLog=67108864",
                        "mappedFileSizeConsumeQueue=600000",
                        "flushDiskType=ASYNC_FLUSH",
                        "diskMaxUsedSpaceRatio=95",
                        // RocketMQ's default is false; on here so SQL92 subscriptions can be tested.
                        "enablePropertyFilter=true",
                        "")
                .replace("\\", "/");
    }

    private Process java(String classpath, String mainClass, String name) throws IOException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command =
                new ArrayList<>(List.of(javaBin.toString(), "-Xms128m", "-Xmx512m", "-XX:MaxDirectMemorySize=512m"));
        for (String arg : options.jvmArgs()) {
            command.add(arg.replace("{name}", name));
        }
        command.addAll(List.of(
                "-Drocketmq.home.dir=" + home,
                "-Duser.home=" + home,
                "-Drocketmq.remoting.version=479",
                "-cp",
                classpath,
                mainClass,
                "-c",
                home.resolve(name + ".conf").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".out").toFile());
        builder.environment().put("ROCKETMQ_HOME", home.toString());
        Process process = builder.start();
        LOG.info("started {} as pid {}", name, process.pid());
        return process;
    }

    private void awaitPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        throw new IllegalStateException("port " + port + " not open within " + timeout + "; see " + home);
    }

    private void awaitBroker(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ClientConfig config = ClientConfig.builder(namesrvAddress())
                .instanceName("cluster-probe")
                .clientIp("127.0.0.1")
                .build();
        try (MqClient probe = MqClient.start(config)) {
            while (System.nanoTime() < deadline) {
                checkAlive();
                try {
                    if (probe.admin().topicRoute("TBW102").isPresent()) {
                        return;
                    }
                } catch (MqException e) {
                    LOG.debug("broker not ready: {}", e.toString());
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        throw new IllegalStateException("broker not routable within " + timeout + "; see " + home);
    }

    private void checkAlive() {
        for (Process process : processes) {
            if (!process.isAlive()) {
                throw new IllegalStateException("RocketMQ process " + process.pid() + " exited with "
                        + process.exitValue() + "; output in " + home);
            }
        }
    }

    /** "127.0.0.1:port" of the nameserver. */
    public String namesrvAddress() {
        return "127.0.0.1:" + namesrvPort;
    }

    /** "127.0.0.1:port" of the broker. */
    public String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The broker JVM's process id. */
    public long brokerPid() {
        return processes.get(1).pid();
    }

    /** The nameserver JVM's process id. */
    public long namesrvPid() {
        return processes.get(0).pid();
    }

    /** The temp directory holding configs, store and logs. */
    public Path home() {
        return home;
    }

    /** How long start took, ms. */
    public long startMillis() {
        return startMillis;
    }

    /** A client config for this cluster with a distinct instance name. */
    public ClientConfig clientConfig(String instanceName) {
        return ClientConfig.builder(namesrvAddress())
                .instanceName(instanceName)
                .clientIp("127.0.0.1")
                .build();
    }

    /** Stops the broker then the nameserver (SIGTERM, 15 s, then kill) and deletes the directory. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            stop(processes.get(i));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            LOG.debug("JVM already shutting down");
        }
        deleteTree(home);
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                LOG.warn("pid {} ignored SIGTERM, killing it", process.pid());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void killAll() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
    }

    private static Path classpathFile() {
        String file = System.getProperty(CLASSPATH_PROPERTY);
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new IllegalStateException("system property " + CLASSPATH_PROPERTY
                    + " must name the server classpath file written by the build, was " + file);
        }
        return Path.of(file);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A port P with P-2 (fast remoting) and P+1 (HA) free as well. */
    private static int freeBrokerPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port > 1024 && port < 65534 && isFree(port - 2) && isFree(port + 1)) {
                return port;
            }
        }
        throw new IOException("no free broker port triple found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
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
            LOG.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
