package io.sluice.connector.flink.bench;

import io.sluice.connector.flink.source.EmbeddedSluice;
import io.sluice.connector.flink.source.SluiceSource;
import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.connector.flink.source.reader.deserializer.SluiceDeserializationSchema;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Source throughput: pre-fills one topic per body size on an embedded Sluice broker (own client,
 * batched sends), then times bounded Flink reads (earliest to latest-at-start) on a local
 * MiniCluster. The record is the queue offset (no body copy), counted by an accumulator and
 * discarded, so the figure is what the source delivers. Each size is read {@code runs} times;
 * the first run of the JVM includes class loading and JIT warm-up.
 *
 * <pre>
 * ./mvnw -q -o -pl connector-flink -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx2g -cp connector-flink/target/test-classes:connector-flink/target/classes:$(cat connector-flink/target/cp.txt) \
 *   io.sluice.connector.flink.bench.FlinkSourceBench messages100=1000000 messages1k=300000 queues=4 parallelism=2 batch=32 runs=3
 * </pre>
 *
 * <p>A tool, not a test: it prints figures and asserts only that every message was read.
 */
public final class FlinkSourceBench {

    private FlinkSourceBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchArgs.parse(
                Map.of(
                        "messages100", "1000000",
                        "messages1k", "300000",
                        "queues", "4",
                        "parallelism", "2",
                        "batch", "32",
                        "runs", "3"),
                args);
        int queues = Integer.parseInt(opts.get("queues"));
        int parallelism = Integer.parseInt(opts.get("parallelism"));
        int batch = Integer.parseInt(opts.get("batch"));
        int runs = Integer.parseInt(opts.get("runs"));
        Path dir = Files.createTempDirectory("sluice-flink-bench");
        System.out.printf(Locale.ROOT, "config %s, data dir %s%n", opts, dir);
        try (EmbeddedSluice sluice = new EmbeddedSluice(dir)) {
            long n100 = Long.parseLong(opts.get("messages100"));
            long n1k = Long.parseLong(opts.get("messages1k"));
            fill(sluice, "bench-100b", queues, 100, n100);
            fill(sluice, "bench-1k", queues, 1024, n1k);
            for (int run = 1; run <= runs; run++) {
                read(sluice, "bench-100b", 100, n100, parallelism, batch, run);
                read(sluice, "bench-1k", 1024, n1k, parallelism, batch, run);
            }
        }
    }

    private static void fill(EmbeddedSluice sluice, String topic, int queues, int size, long count)
            throws InterruptedException {
        List<MessageQueue> route = sluice.createTopic(topic, queues);
        Producer producer = sluice.client().newProducer(ProducerConfig.of("bench-fill-" + topic));
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        int perBatch = Math.max(1, Math.min(256, (256 * 1024) / size));
        long start = System.nanoTime();
        long sent = 0;
        int key = 0;
        while (sent < count) {
            int n = (int) Math.min(perBatch, count - sent);
            List<Message> messages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                messages.add(Message.of(topic, body));
            }
            producer.sendBatch(messages, "k" + key++); // the key spreads batches over the queues
            sent += n;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        // The consume queues are built behind the commit log: wait (bounded) until every send is indexed.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long stored = route.stream().mapToLong(sluice::maxOffset).sum();
        while (stored < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            stored = route.stream().mapToLong(sluice::maxOffset).sum();
        }
        if (stored != count) {
            throw new IllegalStateException(topic + ": stored " + stored + " of " + count);
        }
        System.out.printf(
                Locale.ROOT,
                "fill  %-10s %,d x %d B in %.1f s (%,.0f msgs/s, batches of %d)%n",
                topic,
                count,
                size,
                secs,
                count / secs,
                perBatch);
    }

    private static void read(
            EmbeddedSluice sluice, String topic, int size, long expected, int parallelism, int batch, int run)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        SluiceSource<Long> source = SluiceSource.<Long>builder()
                .setNamesrvAddresses(sluice.namesrv())
                .setGroup("bench-read-" + topic + "-" + run)
                .setTopics(topic)
                .setBounded(StoppingOffsets.latest())
                .setPullBatchSize(batch)
                .setCommitOffsetsOnCheckpoint(false)
                .setDeserializer(new OffsetOnly())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sluice")
                .flatMap(new Counter())
                .sinkTo(new DiscardingSink<>());
        long start = System.nanoTime();
        JobExecutionResult result = env.execute("bench " + topic);
        double wall = (System.nanoTime() - start) / 1e9;
        long count = result.<Long>getAccumulatorResult(Counter.NAME);
        if (count != expected) {
            throw new IllegalStateException(topic + ": read " + count + " of " + expected);
        }
        double net = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3;
        System.out.printf(
                Locale.ROOT,
                "read  %-10s run %d: %,d msgs, job %.2f s -> %,.0f msgs/s (%.1f MB/s body); wall %.2f s -> %,.0f msgs/s%n",
                topic,
                run,
                count,
                net,
                count / net,
                count * (double) size / net / 1e6,
                wall,
                count / wall);
    }

    /** The queue offset only: measures the source, not a body copy. */
    private static final class OffsetOnly implements SluiceDeserializationSchema<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ReceivedMessage message, Collector<Long> out) {
            out.collect(message.queueOffset());
        }

        @Override
        public TypeInformation<Long> getProducedType() {
            return Types.LONG;
        }
    }

    /** Counts records into an accumulator and emits nothing. */
    private static final class Counter extends RichFlatMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        static final String NAME = "records";
        private final LongCounter counter = new LongCounter();

        @Override
        public void open(OpenContext context) {
            getRuntimeContext().addAccumulator(NAME, counter);
        }

        @Override
        public void flatMap(Long value, Collector<Long> out) {
            counter.add(1);
        }
    }
}
