package io.sluice.connector.flink.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connector.flink.source.EmbeddedSluice;
import io.sluice.connector.flink.source.reader.BadRecordHandler;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.transaction.TransactionListing;
import io.sluice.serde.avro.AvroSerializer;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's end-to-end proof on a Flink MiniCluster against an in-process Sluice broker: an Avro
 * topic of payments (several queues, each key's payments in one queue in sequence order) is read
 * by {@code SluiceSource}, transformed, and written by {@code SluiceSink} EXACTLY_ONCE, routed to
 * a queue by key. A plain consumer of the output (which only sees committed transactions) then
 * finds every input id exactly once, nothing else, and each key's sequence numbers ascending in
 * one queue — across seeded failures in records, inside checkpoints and after them, and across a
 * stop-with-savepoint in the middle of the stream and a restore from it.
 *
 * <p>Seeds come from {@code -De2e.seed=...} or the clock and are printed; failures are counted
 * in a {@link FailureLog} directory, not in static state.
 */
class PaymentPipelineExactlyOnceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    private static final int KEYS = 12;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EmbeddedSluice sluice;
    private SchemaRegistry registry;

    @BeforeEach
    void startSluice() throws Exception {
        sluice = new EmbeddedSluice(dir.resolve("broker"));
        registry = PaymentPipeline.registry(registryDir().toString()).get();
    }

    @AfterEach
    void stopSluice() throws Exception {
        registry.close();
        sluice.close();
    }

    private Path registryDir() {
        return dir.resolve("schemas");
    }

    private static long seed(String test) {
        long seed = Long.getLong("e2e.seed", System.nanoTime());
        System.out.println(test + ": failure seed " + seed + " (rerun with -De2e.seed=" + seed + ")");
        return seed;
    }

    /** Writes {@code perKey} payments per key to a new 4-queue topic; returns them. */
    private PaymentInput fill(String topic, int perKey, long seed) throws InterruptedException {
        return fill(topic, perKey, seed, producer -> null);
    }

    /** Like {@link #fill(String, int, long)}, with the bad input {@code bad} makes for the producer. */
    private PaymentInput fill(String topic, int perKey, long seed, Function<Producer, PaymentInput.BadInput> bad)
            throws InterruptedException {
        sluice.createTopic(topic, 4);
        PaymentInput input = PaymentInput.generate(KEYS, perKey, seed);
        AvroSerializer<GenericRecord> serializer =
                AvroSerializer.generic(registry).build();
        Producer producer = sluice.client().newProducer(ProducerConfig.of("e2e_input_writer"));
        try {
            input.write(producer, topic, serializer, bad.apply(producer));
        } finally {
            producer.close();
        }
        return input;
    }

    private void assertNoOpenTransactions(PaymentPipeline pipeline, String output) {
        assertThat(sluice.client()
                        .listTransactions(pipeline.transactionalIdPrefix() + "-", TransactionListing.OPEN, output))
                .as("transactions left open")
                .isEmpty();
    }

    /** The job failed for the planned reasons only, and for each of them. */
    private static void assertOnlyInjectedFailures(RestClusterClient<?> rest, JobID job, FailurePlan plan)
            throws Exception {
        List<String> failures = JobFailures.of(rest, job);
        assertThat(failures)
                .as("failures of job %s (seed %s)", job, plan.seed())
                .allSatisfy(trace -> assertThat(trace).contains("injected failure"));
        assertThat(plan.names().stream().filter(name -> failures.stream()
                        .anyMatch(trace -> trace.contains("injected failure " + name + " "))))
                .as("injected failures in the job's exception history (seed %s)", plan.seed())
                .containsExactlyElementsOf(plan.names());
    }

    @Test
    void everyPaymentIsWrittenOnceAndInOrderPerKeyAcrossFailuresInRecordsAndAroundCheckpoints(
            @InjectClusterClient RestClusterClient<?> rest) throws Exception {
        long seed = seed("failures");
        PaymentInput input = fill("payments_in", 250, seed);
        sluice.createTopic("payments_out", 4);
        FailurePlan plan = FailurePlan.seeded(seed, input.ids(), 4);
        FailureLog log = new FailureLog(dir.resolve("failures"));
        PaymentPipeline pipeline = new PaymentPipeline(sluice.namesrv(), "payments_in", "payments_out", registryDir())
                .names("e2e_failures", "e2e_failures")
                .failures(plan, log)
                .throttle(750);
        StreamExecutionEnvironment env =
                PaymentPipeline.environment(plan.points().size() + 3, null);
        pipeline.addTo(env);

        JobID job = env.execute("e2e payments, seeded failures").getJobID();

        assertThat(log.fired())
                .as("failures injected (seed %s)", seed)
                .hasSizeGreaterThanOrEqualTo(3)
                .isEqualTo(plan.names());
        assertOnlyInjectedFailures(rest, job, plan);
        PaymentOutput.read(
                        sluice.client(),
                        registry,
                        "payments_out",
                        input.payments().size(),
                        READ_TIMEOUT)
                .assertExactlyOnceInOrderPerKey(input.payments(), "seed " + seed);
        assertNoOpenTransactions(pipeline, "payments_out");
    }

    @Test
    void aRestoreFromASavepointTakenMidStreamWritesEveryPaymentOnceAndInOrderPerKey(
            @InjectClusterClient RestClusterClient<?> rest) throws Exception {
        long seed = seed("savepoint");
        PaymentInput input = fill("payments_in", 200, seed);
        int total = input.payments().size();
        sluice.createTopic("payments_out", 4);
        List<Long> ids = input.ids();
        // The restored run fails once too, on a payment near the end (read after the savepoint).
        FailurePlan afterRestore = new FailurePlan(
                seed, List.of(new FailurePlan.Point(ids.get(total * 19 / 20), FailurePlan.Kind.IN_RECORD)));
        FailureLog log = new FailureLog(dir.resolve("failures"));
        PaymentPipeline first = new PaymentPipeline(sluice.namesrv(), "payments_in", "payments_out", registryDir())
                .names("e2e_savepoint", "e2e_savepoint")
                .throttle(400);
        StreamExecutionEnvironment env = PaymentPipeline.environment(3, null);
        first.addTo(env);
        JobClient job = env.executeAsync("e2e payments, first run");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .alias("a committed checkpoint's output")
                .until(() -> PaymentOutput.visible(sluice.client(), "payments_out") >= total / 8);
        String savepoint = job.stopWithSavepoint(
                        false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
        long atSavepoint = PaymentOutput.visible(sluice.client(), "payments_out");
        System.out.println("savepoint " + savepoint + " after " + atSavepoint + " of " + total + " payments");
        assertThat(atSavepoint).as("output when the savepoint was taken").isBetween(1L, total - 1L);

        PaymentPipeline second = new PaymentPipeline(sluice.namesrv(), "payments_in", "payments_out", registryDir())
                .names("e2e_savepoint", "e2e_savepoint")
                .failures(afterRestore, log);
        StreamExecutionEnvironment restored = PaymentPipeline.environment(3, savepoint);
        second.addTo(restored);
        JobID restoredJob =
                restored.execute("e2e payments, restored from the savepoint").getJobID();

        assertThat(log.fired()).as("failure after the restore (seed %s)", seed).isEqualTo(afterRestore.names());
        assertOnlyInjectedFailures(rest, job.getJobID(), FailurePlan.none());
        assertOnlyInjectedFailures(rest, restoredJob, afterRestore);
        PaymentOutput.read(sluice.client(), registry, "payments_out", total, READ_TIMEOUT)
                .assertExactlyOnceInOrderPerKey(input.payments(), "savepoint restore, seed " + seed);
        assertNoOpenTransactions(second, "payments_out");
    }

    @Test
    void badInputIsDeadLetteredWithItsCoordinatesWhileEveryGoodPaymentIsWrittenOnceAndInOrder(
            @InjectClusterClient RestClusterClient<?> rest) throws Exception {
        long seed = seed("bad input");
        sluice.createTopic("payments_dlq", 1);
        BadPayments[] bad = new BadPayments[1];
        try (SchemaRegistry strangers = PaymentPipeline.registry(
                        dir.resolve("other-schemas").toString())
                .get()) {
            PaymentInput input = fill("payments_in", 200, seed, producer -> {
                bad[0] = new BadPayments(producer, "payments_in", registry, strangers, 2);
                return bad[0];
            });
            List<BadPayments.Written> written = bad[0].written();
            sluice.createTopic("payments_out", 4);
            FailurePlan plan = FailurePlan.seeded(seed, input.ids(), 3);
            FailureLog log = new FailureLog(dir.resolve("failures"));
            PaymentPipeline pipeline = new PaymentPipeline(
                            sluice.namesrv(), "payments_in", "payments_out", registryDir())
                    .names("e2e_bad_input", "e2e_bad_input")
                    .failures(plan, log)
                    .deadLetterTo("payments_dlq")
                    .throttle(750);
            StreamExecutionEnvironment env =
                    PaymentPipeline.environment(plan.points().size() + 3, null);
            pipeline.addTo(env);

            JobID job = env.execute("e2e payments, bad input").getJobID();

            assertThat(log.fired()).as("failures injected (seed %s)", seed).isEqualTo(plan.names());
            assertOnlyInjectedFailures(rest, job, plan);
            PaymentOutput.read(
                            sluice.client(),
                            registry,
                            "payments_out",
                            input.payments().size(),
                            READ_TIMEOUT)
                    .assertExactlyOnceInOrderPerKey(input.payments(), "bad input, seed " + seed);
            assertNoOpenTransactions(pipeline, "payments_out");
            assertDeadLettered(written);
        }
    }

    /**
     * Every bad message is in the dead-letter topic with its body, source coordinates and error;
     * nothing else is. A replay after a failure may dead-letter one again (at-least-once).
     */
    private void assertDeadLettered(List<BadPayments.Written> written) {
        assertThat(written).extracting(BadPayments.Written::kind).contains(BadPayments.Kind.values());
        List<ReceivedMessage> parked =
                PaymentOutput.readRaw(sluice.client(), "payments_dlq", written.size(), READ_TIMEOUT);
        assertThat(parked).allSatisfy(m -> {
            assertThat(m.property(BadRecordHandler.SOURCE_TOPIC)).isEqualTo("payments_in");
            assertThat(m.property(BadRecordHandler.SOURCE_BROKER)).isNotBlank();
            assertThat(m.property(BadRecordHandler.SOURCE_MSG_ID)).isNotBlank();
        });
        Set<String> where = parked.stream()
                .map(m ->
                        m.property(BadRecordHandler.SOURCE_QUEUE_ID) + "@" + m.property(BadRecordHandler.SOURCE_OFFSET))
                .collect(Collectors.toSet());
        assertThat(where)
                .as("dead-lettered coordinates (queue@offset)")
                .isEqualTo(written.stream()
                        .map(w -> w.queueId() + "@" + w.queueOffset())
                        .collect(Collectors.toSet()));
        for (BadPayments.Written w : written) {
            List<ReceivedMessage> copies = parked.stream()
                    .filter(m -> m.property(BadRecordHandler.SOURCE_QUEUE_ID).equals("" + w.queueId())
                            && m.property(BadRecordHandler.SOURCE_OFFSET).equals("" + w.queueOffset()))
                    .toList();
            assertThat(copies).as("dead letters of %s", w).allSatisfy(m -> {
                assertThat(m.body()).isEqualTo(w.body());
                assertThat(m.property(BadRecordHandler.ERROR)).contains(w.kind().error);
            });
        }
        System.out.println(parked.size() + " dead letters for " + written.size() + " bad messages");
    }
}
