package io.sluice.interop.rocketmq5.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side benchmark's settings, from {@code --key=value} arguments (every key has a
 * default; {@code --help} lists them). Immutable.
 *
 * @param repo repository root (for {@code mq-core/target} and {@code bin/log4j2.xml})
 * @param rocketMqClasspath the server classpath file written by interop-rocketmq5's build
 * @param brokers brokers to run, in order for the first scenario (the order alternates after)
 * @param scenarios scenarios to run, in order
 * @param rounds runs of each scenario per broker; the order alternates A B, B A, ... so that
 *     warming and drift do not favour one broker, and the figures merge all rounds
 * @param warmup unmeasured load before each produce scenario and the consume warm-up
 * @param duration measured window of each produce scenario
 * @param bodyBytes message body size
 * @param queues queues of each benchmark topic
 * @param syncThreads threads of the sync scenario, each with one send outstanding
 * @param asyncThreads threads issuing async sends
 * @param asyncWindow most async sends outstanding in total
 * @param batchSize messages per batch send
 * @param batchThreads threads of the batch scenario, each with one batch outstanding
 * @param consumeMessages messages preloaded and then consumed in the consume scenario
 * @param pullBatchSize the lite-pull consumer's pullBatchSize
 * @param heap the {@code -Xmx} (and {@code -Xms}) of each broker JVM
 * @param sluiceJvmArgs extra JVM options for Sluice (e.g. JFR)
 * @param rocketMqJvmArgs extra JVM options for RocketMQ's two JVMs
 * @param commit the commit being measured, for the report
 */
record BenchOptions(
        Path repo,
        Path rocketMqClasspath,
        List<String> brokers,
        List<String> scenarios,
        int rounds,
        Duration warmup,
        Duration duration,
        int bodyBytes,
        int queues,
        int syncThreads,
        int asyncThreads,
        int asyncWindow,
        int batchSize,
        int batchThreads,
        int consumeMessages,
        int pullBatchSize,
        String heap,
        List<String> sluiceJvmArgs,
        List<String> rocketMqJvmArgs,
        String commit) {

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("repo", ".");
        map.put("rocketmq-classpath", "interop-rocketmq5/target/rocketmq-server.classpath");
        map.put("brokers", "rocketmq,sluice");
        map.put("scenarios", "sync,async,batch,consume");
        map.put("rounds", "2");
        map.put("warmup", "10");
        map.put("duration", "30");
        map.put("body", "1024");
        map.put("queues", "8");
        map.put("sync-threads", "16");
        map.put("async-threads", "4");
        map.put("async-window", "1024");
        map.put("batch-size", "32");
        map.put("batch-threads", "16");
        map.put("consume-messages", "1000000");
        map.put("pull-batch", "32");
        map.put("heap", "512m");
        map.put("sluice-jvm", "");
        map.put("rocketmq-jvm", "");
        map.put("commit", "unknown");
        return map;
    }

    static String usage() {
        StringBuilder out = new StringBuilder("options (--key=value; JVM option lists are '|'-separated):\n");
        DEFAULTS.forEach((key, value) ->
                out.append("  --").append(key).append("=").append(value).append('\n'));
        return out.toString();
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0 || !DEFAULTS.containsKey(arg.substring(2, equals))) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + usage());
            }
            values.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        Path repo = Path.of(values.get("repo")).toAbsolutePath().normalize();
        return new BenchOptions(
                repo,
                repo.resolve(values.get("rocketmq-classpath")),
                list(values.get("brokers"), ","),
                list(values.get("scenarios"), ","),
                Integer.parseInt(values.get("rounds")),
                Duration.ofSeconds(Long.parseLong(values.get("warmup"))),
                Duration.ofSeconds(Long.parseLong(values.get("duration"))),
                Integer.parseInt(values.get("body")),
                Integer.parseInt(values.get("queues")),
                Integer.parseInt(values.get("sync-threads")),
                Integer.parseInt(values.get("async-threads")),
                Integer.parseInt(values.get("async-window")),
                Integer.parseInt(values.get("batch-size")),
                Integer.parseInt(values.get("batch-threads")),
                Integer.parseInt(values.get("consume-messages")),
                Integer.parseInt(values.get("pull-batch")),
                values.get("heap"),
                list(values.get("sluice-jvm"), "\\|"),
                list(values.get("rocketmq-jvm"), "\\|"),
                values.get("commit"));
    }

    private static List<String> list(String value, String separator) {
        List<String> out = new ArrayList<>();
        for (String item : value.split(separator)) {
            if (!item.isBlank()) {
                out.add(item.trim());
            }
        }
        return out;
    }

    /** The JVM options every broker JVM gets first: the same heap cap and GC for both. */
    List<String> brokerJvmArgs() {
        return new ArrayList<>(Arrays.asList("-Xms" + heap, "-Xmx" + heap, "-XX:MaxDirectMemorySize=" + heap));
    }

    /** Settings in one line, for the report. */
    String summary() {
        return rounds + " rounds (ABBA order), warmup " + warmup.toSeconds() + " s, measured " + duration.toSeconds()
                + " s, body " + bodyBytes
                + " B, " + queues + " queues; sync " + syncThreads + " threads; async " + asyncThreads
                + " threads, window " + asyncWindow + "; batch " + batchSize + " x " + batchThreads
                + " threads; consume " + consumeMessages + " msgs, pullBatchSize " + pullBatchSize
                + "; broker heap -Xms/-Xmx " + heap;
    }
}
