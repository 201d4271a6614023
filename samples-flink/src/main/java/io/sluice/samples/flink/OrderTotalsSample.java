package io.sluice.samples.flink;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.serde.Deserializer;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import io.sluice.serde.avro.AvroDeserializer;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;

/**
 * The README's first command: a Flink job over the embedded broker, end to end.
 *
 * <ol>
 *   <li>Starts a standalone Sluice (nameserver and broker in this JVM, 127.0.0.1, ephemeral ports,
 *       data in a temporary directory deleted at the end).
 *   <li>Produces Avro orders (serde-avro, schema in a directory registry) to {@value #ORDERS}: a
 *       few customers, one order every few tens of ms of event time over five minutes, about one
 *       in six out of order by up to 4 s.
 *   <li>Runs {@link OrderTotalsJob} in a local Flink environment: orders → keyBy customer →
 *       1-minute tumbling event-time windows (5 s bounded out-of-orderness) → count and sum →
 *       EXACTLY_ONCE sink to {@value #TOTALS}, checkpoints every second.
 *   <li>Reads {@value #TOTALS} back and prints what it found next to what the generator computed;
 *       fails if any window is missing, wrong or written twice.
 * </ol>
 *
 * <p>Arguments, all optional, {@code key=value}: {@code orders} (5000), {@code customers} (5),
 * {@code parallelism} (2), {@code seed} (20261125; the same seed makes the same orders).
 */
public final class OrderTotalsSample {

    static final String ORDERS = "orders";
    static final String TOTALS = "order-totals";
    private static final Instant FIRST_EVENT = Instant.parse("2026-11-25T09:00:00Z");
    private static final Duration EVENT_SPAN = Duration.ofMinutes(5);
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration MAX_DISORDER = Duration.ofSeconds(4);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    private static final long INDEX_TIMEOUT_NANOS = Duration.ofSeconds(10).toNanos();

    /**
     * The run's sizes.
     *
     * @param orders how many orders to produce
     * @param customers how many customers they spread over
     * @param parallelism Flink parallelism
     * @param seed seed of the order generator
     */
    public record Options(int orders, int customers, int parallelism, long seed) {

        /** The defaults of the README's command. */
        public static Options defaults() {
            return new Options(5000, 5, 2, 20261125L);
        }

        /** The defaults overridden by {@code key=value} arguments; unknown keys are refused, naming them. */
        public static Options parse(String... args) {
            Map<String, Long> values = new TreeMap<>(Map.of("orders", 5000L, "customers", 5L, "parallelism", 2L));
            values.put("seed", defaults().seed());
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                if (kv.length != 2 || !values.containsKey(kv[0])) {
                    throw new IllegalArgumentException(
                            "unknown argument '" + arg + "', expected key=value with a key of " + values.keySet());
                }
                values.put(kv[0], Long.parseLong(kv[1]));
            }
            return new Options(
                    Math.toIntExact(values.get("orders")),
                    Math.toIntExact(values.get("customers")),
                    Math.toIntExact(values.get("parallelism")),
                    values.get("seed"));
        }
    }

    private OrderTotalsSample() {}

    public static void main(String[] args) throws Exception {
        // CHECKSTYLE.OFF: BannedApi - a command-line entry point prints to stdout
        PrintStream out = System.out;
        // CHECKSTYLE.ON: BannedApi
        SampleReport report = run(Options.parse(args), new SystemClock(), out);
        if (!report.correct()) {
            throw new IllegalStateException("the job's output does not match the orders: see the check line above");
        }
    }

    /** Runs the whole sample with {@code options}, printing to {@code out}, and returns what it found. */
    public static SampleReport run(Options options, Clock clock, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("sluice-flink-sample");
        BrokerConfig config =
                BrokerConfig.builder(dir.resolve("broker")).ephemeralLoopback().build();
        try (StandaloneCluster cluster = StandaloneCluster.start(config, clock);
                MqClient client = MqClient.start(ClientConfig.builder(cluster.namesrvAddress())
                        .instanceName("samples-flink")
                        .build())) {
            out.printf(
                    "Sluice standalone: nameserver %s, broker %s, data in %s (deleted at the end)%n",
                    cluster.namesrvAddress(), cluster.brokerAddress(), dir);
            Topics.create(client, clock, Map.of(ORDERS, 4, TOTALS, 2));
            SchemaDirectory schemas = new SchemaDirectory(dir.resolve("schemas").toString());
            schemas.registerSampleSchemas(ORDERS, TOTALS);

            List<Order> orders = generator(options).generate(options.orders());
            new OrderProducer(client, schemas, clock).produce(ORDERS, orders, out);
            // The job's bounded read stops at the queues' ends when it starts: let them index every order.
            long indexed = Topics.awaitMessages(client, clock, ORDERS, orders.size(), INDEX_TIMEOUT_NANOS);
            if (indexed != orders.size()) {
                throw new IllegalStateException(ORDERS + " holds " + indexed + " of " + orders.size() + " orders");
            }
            runJob(options, cluster.namesrvAddress(), schemas, clock, out);

            Map<String, Totals> expectedWindows = OrderGenerator.expectedWindows(orders, WINDOW.toMillis());
            // The last transactions commit as the job ends; wait (bounded) until their messages are
            // indexed. Fewer after the timeout means missing windows, which the check reports.
            Topics.awaitMessages(client, clock, TOTALS, expectedWindows.size(), INDEX_TIMEOUT_NANOS);
            List<WindowTotal> written = readTotals(client, schemas);
            SampleReport report = new SampleReport(
                    orders.size(),
                    OrderGenerator.outOfOrder(orders),
                    written,
                    expectedWindows,
                    OrderGenerator.expectedCustomers(orders));
            ReportPrinter.print(report, out);
            return report;
        } finally {
            deleteRecursively(dir);
        }
    }

    private static OrderGenerator generator(Options options) {
        long spacing = Math.max(1, EVENT_SPAN.toMillis() / Math.max(1, options.orders()));
        return new OrderGenerator(
                options.customers(),
                FIRST_EVENT.toEpochMilli(),
                spacing,
                MAX_DISORDER.toMillis(),
                new SplittableRandom(options.seed()));
    }

    private static void runJob(Options options, String namesrv, SchemaDirectory schemas, Clock clock, PrintStream out)
            throws Exception {
        OrderTotalsJob job = new OrderTotalsJob(new OrderTotalsJob.Settings(
                namesrv, ORDERS, TOTALS, schemas, WINDOW, OUT_OF_ORDERNESS, options.parallelism()));
        long start = clock.nanoTime();
        job.run();
        out.printf(
                "Flink job (parallelism %d): %s -> keyBy customer -> %d-minute tumbling event-time windows"
                        + " (%d s out-of-orderness) -> count and sum -> EXACTLY_ONCE sink to '%s'"
                        + " (checkpoints every 1 s), finished in %.1f s%n",
                options.parallelism(),
                ORDERS,
                WINDOW.toMinutes(),
                OUT_OF_ORDERNESS.toSeconds(),
                TOTALS,
                (clock.nanoTime() - start) / 1e9);
    }

    private static List<WindowTotal> readTotals(MqClient client, SchemaDirectory schemas) {
        SchemaRegistry registry = schemas.open();
        try {
            AvroDeserializer<GenericRecord> avro =
                    AvroDeserializer.generic(registry).build();
            Deserializer<WindowTotal> totals = (source, body, properties) ->
                    OrderSchemas.windowTotalOf(avro.deserialize(source, body, properties));
            return new TopicReader(client, "samples-order-totals-reader").readAll(TOTALS, totals);
        } finally {
            registry.close();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
