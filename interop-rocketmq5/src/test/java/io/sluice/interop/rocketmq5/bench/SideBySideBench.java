package io.sluice.interop.rocketmq5.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 3's side-by-side benchmark: Apache RocketMQ 5.3.3 and Sluice, each in its own child JVM
 * with the same heap cap on 127.0.0.1, loaded in turn by the official RocketMQ 5.3.3 client from
 * this JVM with the same scenarios ({@link LoadScenarios}). Prints each result as it comes, then a
 * Markdown report with both brokers' figures, the ratio per scenario and the broker JVMs' CPU, GC
 * and memory. Both brokers run for the whole session; the scenarios alternate which broker goes
 * first, and before each run the page cache is flushed ({@code sync}) so one broker's write-back
 * does not land in the other's window. Every child is stopped by process id at the end.
 *
 * <p>Run with {@code bench/side-by-side.sh} (it builds and passes the classpath); {@code --help}
 * lists the options. Not a test: performance targets live here, never in timed unit tests.
 */
public final class SideBySideBench {

    private SideBySideBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "--help".equals(args[0])) {
            System.out.print(BenchOptions.usage());
            return;
        }
        BenchOptions options = BenchOptions.parse(args);
        Path runDir = Files.createTempDirectory("side-by-side-");
        System.out.println(header(options, runDir));
        int status = 1;
        try {
            List<ScenarioResult> results = runAll(options, runDir);
            System.out.println();
            System.out.println(Report.markdown(results));
            status = 0;
        } finally {
            System.out.println("logs (GC, broker output) kept in " + runDir);
        }
        System.exit(status); // the official client leaves non-daemon threads behind
    }

    private static BenchBroker start(String name, BenchOptions options, Path runDir)
            throws IOException, InterruptedException {
        return switch (name) {
            case "rocketmq" -> {
                List<String> jvm = options.brokerJvmArgs();
                jvm.addAll(options.rocketMqJvmArgs());
                yield RocketMqBroker.start(options.rocketMqClasspath(), runDir, jvm);
            }
            case "sluice" -> {
                List<String> jvm = options.brokerJvmArgs();
                jvm.addAll(options.sluiceJvmArgs());
                yield SluiceBroker.start(options.repo(), runDir, jvm);
            }
            default -> throw new IllegalArgumentException("unknown broker " + name);
        };
    }

    /**
     * Runs every scenario {@code rounds} times on each broker, alternating the order (A B, B A, A B
     * ...; the first broker alternates between scenarios too), and merges each broker's rounds. Each
     * scenario gets freshly started brokers with empty stores, deleted afterwards: the batch scenario
     * alone writes tens of GB, and a store left from one scenario would make the next one's disk and
     * page cache differ between the brokers.
     */
    private static List<ScenarioResult> runAll(BenchOptions options, Path runDir) throws Exception {
        LoadScenarios load = new LoadScenarios(options);
        List<ScenarioResult> merged = new ArrayList<>();
        List<String> order = new ArrayList<>(options.brokers());
        for (String scenario : options.scenarios()) {
            Path scenarioDir = Files.createDirectories(runDir.resolve(scenario));
            Map<String, BenchBroker> brokers = new LinkedHashMap<>();
            try {
                for (String name : options.brokers()) {
                    BenchBroker broker = start(name, options, scenarioDir);
                    brokers.put(name, broker);
                    System.out.printf(
                            "started %s for %s: namesrv %s, broker %s, pid %d%n",
                            name, scenario, broker.namesrvAddress(), broker.brokerAddress(), broker.brokerPid());
                }
                TimeUnit.SECONDS.sleep(10); // let both JVMs finish start-up work (JIT, file preallocation)
                Map<String, ScenarioResult> byBroker = new LinkedHashMap<>();
                for (int round = 0; round < options.rounds(); round++) {
                    for (String name : order) {
                        quiesce();
                        System.out.printf(
                                "%s on %s, round %d (load %.2f) ...%n",
                                scenario, name, round + 1, LoadScenarios.loadAverage());
                        ScenarioResult result = load.run(scenario, brokers.get(name));
                        System.out.println("  " + Report.line(result));
                        byBroker.merge(name, result, ScenarioResult::merge);
                    }
                    Collections.reverse(order);
                }
                if (options.rounds() % 2 == 0) {
                    Collections.reverse(order); // the next scenario starts with the other broker
                }
                merged.addAll(byBroker.values());
            } finally {
                for (BenchBroker broker : brokers.values()) {
                    broker.close();
                }
            }
        }
        return merged;
    }

    /** Flushes dirty pages and lets the machine settle, so each run starts from the same state. */
    private static void quiesce() throws IOException, InterruptedException {
        Process sync = new ProcessBuilder("sync").inheritIO().start();
        if (!sync.waitFor(120, TimeUnit.SECONDS)) {
            sync.destroyForcibly();
        }
        TimeUnit.SECONDS.sleep(3);
    }

    private static String header(BenchOptions options, Path runDir) {
        return String.format(
                Locale.ROOT,
                "# side-by-side: Apache RocketMQ 5.3.3 vs Sluice, official 5.3.3 client%n"
                        + "date %s, commit %s, JDK %s, %d CPUs, load average %.2f%n%s%nrun directory %s%n",
                Instant.now(),
                options.commit(),
                System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors(),
                LoadScenarios.loadAverage(),
                options.summary(),
                runDir);
    }
}
