package io.sluice.connector.flink.bench;

import io.sluice.connector.flink.sink.SluiceRecordSerializer;
import io.sluice.connector.flink.sink.SluiceSink;
import io.sluice.connector.flink.sink.SluiceSinkBuilder;
import io.sluice.connector.flink.source.EmbeddedSluice;
import io.sluice.mq.common.MessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Sink throughput, AT_LEAST_ONCE against EXACTLY_ONCE in the same JVM: a bounded job writes N
 * generated messages of 100 B or 1 KiB through {@code SluiceSink} to a fresh 4-queue topic on an
 * embedded Sluice broker, on a local MiniCluster with checkpoints every second. The two
 * guarantees alternate within each run (AT_LEAST_ONCE first in odd runs, EXACTLY_ONCE first in
 * even ones) so warm-up and machine drift do not favour one. The figure is N / the job's net
 * runtime, which for EXACTLY_ONCE includes the final checkpoint's commit. After each job the
 * topic must hold exactly N messages for EXACTLY_ONCE and at least N for AT_LEAST_ONCE, whose
 * retried send attempts may duplicate (printed).
 *
 * <pre>
 * ./mvnw -q -o -pl connector-flink -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx2g -cp connector-flink/target/test-classes:connector-flink/target/classes:$(cat connector-flink/target/cp.txt) \
 *   io.sluice.connector.flink.bench.FlinkSinkBench messages100=1000000 messages1k=300000 parallelism=2 runs=3
 * </pre>
 *
 * <p>A tool, not a test: it prints figures and checks only that every message landed.
 */
public final class FlinkSinkBench {

    private static final DeliveryGuarantee[] GUARANTEES = {
        DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE
    };

    private FlinkSinkBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchArgs.parse(
                Map.of(
                        "messages100", "1000000",
                        "messages1k", "300000",
                        "queues", "4",
                        "parallelism", "2",
                        "runs", "3"),
                args);
        int queues = Integer.parseInt(opts.get("queues"));
        int parallelism = Integer.parseInt(opts.get("parallelism"));
        int runs = Integer.parseInt(opts.get("runs"));
        long n100 = Long.parseLong(opts.get("messages100"));
        long n1k = Long.parseLong(opts.get("messages1k"));
        Path dir = Files.createTempDirectory("sluice-flink-sink-bench");
        System.out.printf(Locale.ROOT, "config %s, data dir %s%n", opts, dir);
        List<String> summary = new ArrayList<>();
        try (EmbeddedSluice sluice = new EmbeddedSluice(dir)) {
            for (int run = 1; run <= runs; run++) {
                for (int size : new int[] {100, 1024}) {
                    long count = size == 100 ? n100 : n1k;
                    double[] rates = new double[2];
                    for (int i = 0; i < 2; i++) {
                        int g = run % 2 == 1 ? i : 1 - i;
                        rates[g] = write(sluice, GUARANTEES[g], size, count, queues, parallelism, run);
                    }
                    summary.add(String.format(
                            Locale.ROOT,
                            "run %d %4d B: AT_LEAST_ONCE %,.0f msgs/s, EXACTLY_ONCE %,.0f msgs/s, ratio %.0f%%",
                            run,
                            size,
                            rates[0],
                            rates[1],
                            100 * rates[1] / rates[0]));
                }
            }
        }
        summary.forEach(System.out::println);
    }

    /** Runs one job and returns its msgs/s over the job's net runtime. */
    private static double write(
            EmbeddedSluice sluice,
            DeliveryGuarantee guarantee,
            int size,
            long count,
            int queues,
            int parallelism,
            int run)
            throws Exception {
        String topic = "sink-" + size + "-" + guarantee.name().toLowerCase(Locale.ROOT) + "-" + run;
        List<MessageQueue> route = sluice.createTopic(topic, queues);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        env.enableCheckpointing(1000);
        String body = "x".repeat(size);
        env.fromSource(
                        new DataGeneratorSource<>(i -> body, count, Types.STRING),
                        WatermarkStrategy.noWatermarks(),
                        "generator")
                .sinkTo(sink(sluice, guarantee, topic, "bench_" + size + "_" + run));
        long start = System.nanoTime();
        JobExecutionResult result = env.execute("sink bench " + topic);
        double wall = (System.nanoTime() - start) / 1e9;
        double net = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3;
        long stored = awaitStored(sluice, route, count);
        // EXACTLY_ONCE must land every message once; AT_LEAST_ONCE may add duplicates when a send
        // attempt times out and is retried (the sink has no idempotent producer yet).
        boolean exact = guarantee == DeliveryGuarantee.EXACTLY_ONCE;
        if (exact ? stored != count : stored < count) {
            throw new IllegalStateException(topic + ": the topic holds " + stored + " of " + count + " messages");
        }
        System.out.printf(
                Locale.ROOT,
                "write %-28s run %d: %,d msgs, job %.2f s -> %,.0f msgs/s (%.1f MB/s body); wall %.2f s;"
                        + " stored %,d (%,d duplicates)%n",
                topic,
                run,
                count,
                net,
                count / net,
                count * (double) size / net / 1e6,
                wall,
                stored,
                stored - count);
        return count / net;
    }

    private static SluiceSink<String> sink(
            EmbeddedSluice sluice, DeliveryGuarantee guarantee, String topic, String prefix) {
        SerializationSchema<String> utf8 = element -> element.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SluiceSinkBuilder<String> builder = SluiceSink.<String>builder()
                .setNameServerAddress(sluice.namesrv())
                .setDeliveryGuarantee(guarantee)
                .setRecordSerializer(SluiceRecordSerializer.<String>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(utf8)
                        .build());
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(prefix)
                    .setTransactionTopic(topic)
                    .setTransactionTimeout(Duration.ofMinutes(5));
        }
        return builder.build();
    }

    /** The messages the topic's queues hold, once they reach {@code count} or 60 s pass. */
    private static long awaitStored(EmbeddedSluice sluice, List<MessageQueue> route, long count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long stored = route.stream().mapToLong(sluice::maxOffset).sum();
        while (stored < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            stored = route.stream().mapToLong(sluice::maxOffset).sum();
        }
        return stored;
    }
}
