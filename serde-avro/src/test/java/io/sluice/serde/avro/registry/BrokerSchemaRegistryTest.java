package io.sluice.serde.avro.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker-backed store against a real standalone Sluice cluster on loopback. */
class BrokerSchemaRegistryTest extends SchemaRegistryContractTest {

    private static final SystemClock CLOCK = new SystemClock();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @TempDir
    static Path directory;

    private static StandaloneCluster cluster;
    private static MqClient client;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private String lastTopic;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(
                BrokerConfig.builder(directory).ephemeralLoopback().build(), CLOCK);
        client = newClient("registry-test");
    }

    private static MqClient newClient(String instance) {
        return MqClient.start(ClientConfig.builder(cluster.namesrvAddress())
                .instanceName(instance)
                .build());
    }

    @AfterAll
    static void stopCluster() {
        client.close();
        cluster.close();
    }

    @AfterEach
    void closeRegistries() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
    }

    @Override
    SchemaRegistry newRegistry(CompatibilityPolicy policy) {
        lastTopic = "SCHEMAS_" + TOPICS.incrementAndGet();
        return open(client, lastTopic, policy);
    }

    private BrokerSchemaRegistry open(MqClient via, String topic, CompatibilityPolicy policy) {
        BrokerSchemaRegistry registry = BrokerSchemaRegistry.open(via, topic, policy, CLOCK, TIMEOUT);
        opened.add(registry);
        return registry;
    }

    private static Schema record(String name, int fields) {
        SchemaBuilder.FieldAssembler<Schema> assembler =
                SchemaBuilder.record(name).fields();
        for (int i = 0; i < fields; i++) {
            assembler = assembler.name("f" + i).type().intType().intDefault(i);
        }
        return assembler.endRecord();
    }

    @Test
    void anotherInstanceSeesRegistrationsByReplayingTheTopic() {
        SchemaRegistry writer = newRegistry(CompatibilityPolicy.of(CompatibilityMode.BACKWARD));
        RegisteredSchema v1 = writer.register("orders", TestSchemas.userV1());
        RegisteredSchema v2 = writer.register("orders", TestSchemas.userV2WithDefault());
        MqClient otherProcess = newClient("registry-other");
        opened.add(otherProcess);

        BrokerSchemaRegistry reader = open(otherProcess, lastTopic, CompatibilityPolicy.of(CompatibilityMode.BACKWARD));

        assertThat(reader.history("orders")).containsExactly(v1, v2);
        assertThat(reader.schemaById(v2.id())).contains(TestSchemas.userV2WithDefault());
        RegisteredSchema later = writer.register("payments", TestSchemas.userV1());
        assertThat(reader.schemaByFingerprint(later.fingerprint())).isPresent(); // a miss catches up
    }

    @Test
    void concurrentWritersConvergeOnTheSameVersionsAndIds() throws Exception {
        newRegistry(CompatibilityPolicy.of(CompatibilityMode.NONE));
        String topic = lastTopic;
        List<BrokerSchemaRegistry> writers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MqClient via = newClient("writer-" + i);
            opened.add(via);
            writers.add(open(via, topic, CompatibilityPolicy.of(CompatibilityMode.NONE)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<RegisteredSchema>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Schema schema = record("Event", i + 1);
                BrokerSchemaRegistry writer = writers.get(i);
                results.add(pool.submit((Callable<RegisteredSchema>) () -> writer.register("events", schema)));
            }
            List<RegisteredSchema> registered = new ArrayList<>();
            for (Future<RegisteredSchema> result : results) {
                registered.add(result.get(60, TimeUnit.SECONDS));
            }

            assertThat(registered).extracting(RegisteredSchema::version).containsExactlyInAnyOrder(1, 2, 3);
            for (BrokerSchemaRegistry writer : writers) {
                assertThat(writer.history("events")).containsExactlyInAnyOrderElementsOf(registered);
                assertThat(writer.history("events")).isEqualTo(writers.get(0).history("events"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unreadableRecordsInTheTopicAreSkipped() {
        SchemaRegistry registry = newRegistry(CompatibilityPolicy.of(CompatibilityMode.BACKWARD));
        RegisteredSchema v1 = registry.register("orders", TestSchemas.userV1());
        client.newProducer(io.sluice.mq.client.producer.ProducerConfig.of("vandal"))
                .send(
                        Message.of(lastTopic, "{not json".getBytes(StandardCharsets.UTF_8)),
                        client.admin().queues(lastTopic).get(0));

        BrokerSchemaRegistry reopened = open(client, lastTopic, CompatibilityPolicy.of(CompatibilityMode.BACKWARD));
        RegisteredSchema v2 = reopened.register("orders", TestSchemas.userV2WithDefault());

        assertThat(reopened.history("orders")).containsExactly(v1, v2);
    }
}
