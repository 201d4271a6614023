package io.sluice.serde.avro.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySchemaRegistryTest extends SchemaRegistryContractTest {

    @TempDir
    Path dir;

    private int opened;

    @Override
    SchemaRegistry newRegistry(CompatibilityPolicy policy) {
        return DirectorySchemaRegistry.open(dir.resolve("registry-" + opened++), policy);
    }

    @Test
    void schemasAreFilesNamedByVersionAndIdAndSurviveReopening() throws IOException {
        Path root = dir.resolve("reg");
        DirectorySchemaRegistry first =
                DirectorySchemaRegistry.open(root, CompatibilityPolicy.of(CompatibilityMode.BACKWARD));
        RegisteredSchema v1 = first.register("users", TestSchemas.userV1());
        RegisteredSchema v2 = first.register("users", TestSchemas.userV2WithDefault());

        assertThat(root.resolve("users/v1-id1.avsc")).exists();
        assertThat(root.resolve("users/v2-id2.avsc")).exists();
        try (var files = Files.list(root.resolve("users"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("v1-id1.avsc", "v2-id2.avsc");
        }

        DirectorySchemaRegistry reopened =
                DirectorySchemaRegistry.open(root, CompatibilityPolicy.of(CompatibilityMode.BACKWARD));
        assertThat(reopened.history("users")).containsExactly(v1, v2);
        assertThat(reopened.schemaById(2)).contains(TestSchemas.userV2WithDefault());
        assertThat(reopened.register("users", TestSchemas.userV1())).isEqualTo(v1);
        assertThat(reopened.register("other", TestSchemas.userWithoutName()).id())
                .isEqualTo(3);
    }

    @Test
    void aFileAddedByHandOrByAnotherProcessIsFoundOnTheNextMiss() throws IOException {
        Path root = dir.resolve("reg");
        DirectorySchemaRegistry registry =
                DirectorySchemaRegistry.open(root, CompatibilityPolicy.of(CompatibilityMode.NONE));
        Schema mirrored = TestSchemas.userV1();
        assertThat(registry.schemaById(117)).isEmpty();

        Files.createDirectories(root.resolve("users"));
        Files.writeString(root.resolve("users/v1-id117.avsc"), mirrored.toString(true));

        assertThat(registry.schemaById(117)).contains(mirrored);
        assertThat(registry.register("users", TestSchemas.userV2WithDefault()).id())
                .isEqualTo(118);
    }

    @Test
    void misnamedAndUnparsableFilesFailWithTheirPath() throws IOException {
        Path root = dir.resolve("bad");
        Files.createDirectories(root.resolve("users"));
        Files.writeString(root.resolve("users/user.avsc"), TestSchemas.userV1().toString());

        assertThatThrownBy(() -> DirectorySchemaRegistry.open(root, CompatibilityPolicy.of(CompatibilityMode.NONE)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("user.avsc")
                .hasMessageContaining("v<version>-id<id>.avsc");

        Files.delete(root.resolve("users/user.avsc"));
        Files.writeString(root.resolve("users/v1-id1.avsc"), "{\"type\":\"record\",");
        assertThatThrownBy(() -> DirectorySchemaRegistry.open(root, CompatibilityPolicy.of(CompatibilityMode.NONE)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("invalid schema file")
                .hasMessageContaining("v1-id1.avsc");
    }

    @Test
    void anIdUsedForTwoDifferentSchemasIsRejected() throws IOException {
        Path root = dir.resolve("clash");
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("a/v1-id1.avsc"), TestSchemas.userV1().toString());
        Files.writeString(
                root.resolve("b/v1-id1.avsc"), TestSchemas.userWithoutName().toString());

        assertThatThrownBy(() -> DirectorySchemaRegistry.open(root, CompatibilityPolicy.of(CompatibilityMode.NONE)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("id 1");
    }

    @Test
    void temporaryFilesAreIgnoredAndSubjectsMustBeDirectoryNames() throws IOException {
        Path root = dir.resolve("tmp");
        Files.createDirectories(root.resolve("users"));
        Files.writeString(root.resolve("users/.v1-id1.avsc.tmp"), "{half a schema");
        DirectorySchemaRegistry registry =
                DirectorySchemaRegistry.open(root, CompatibilityPolicy.of(CompatibilityMode.NONE));

        assertThat(registry.history("users")).isEmpty();
        assertThatThrownBy(() -> registry.register("../escape", TestSchemas.userV1()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../escape");
    }

    /**
     * A sink with parallelism n opens n registries on one directory, and each registers the same
     * writer schema with its first record, at the same moment: every one must get the same
     * registration (they used to share one temporary file name, so all but one failed).
     */
    @Test
    void registriesOnOneDirectoryRegisteringTheSameSchemaAtOnceAllGetTheSameRegistration() throws Exception {
        Path root = dir.resolve("shared");
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 20; round++) {
                String subject = "orders-" + round;
                List<RegisteredSchema> results =
                        registerAtOnce(root, pool, writers, i -> TestSchemas.userV1(), subject);
                assertThat(results).as("round %s", round).hasSize(writers).allMatch(r -> r.equals(results.get(0)));
            }
        } finally {
            pool.shutdownNow();
        }
        DirectorySchemaRegistry reopened =
                DirectorySchemaRegistry.open(root, CompatibilityPolicy.of(CompatibilityMode.NONE));
        assertThat(reopened.history("orders-7")).hasSize(1);
    }

    /**
     * New schemas (none registered anywhere yet) registered at once in one subject from several
     * registries: all pick the same first version and id, one links it, the others rescan and take
     * the next ones; none overwrites another's file (a rename used to), so every registration a
     * writer got back is what the directory holds.
     */
    @Test
    void registriesOnOneDirectoryRegisteringNewSchemasAtOnceNeverOverwriteEachOther() throws Exception {
        Path root = dir.resolve("shared-different");
        int writers = 3;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 20; round++) {
                String subject = "users-" + round;
                int r = round;
                List<RegisteredSchema> results = registerAtOnce(
                        root,
                        pool,
                        writers,
                        i -> SchemaBuilder.record("User" + r + "_" + i)
                                .fields()
                                .requiredLong("id")
                                .endRecord(),
                        subject);
                DirectorySchemaRegistry reader =
                        DirectorySchemaRegistry.open(root, CompatibilityPolicy.of(CompatibilityMode.NONE));
                assertThat(reader.history(subject)).as("round %s", round).containsExactlyInAnyOrderElementsOf(results);
                assertThat(results)
                        .allSatisfy(rs -> assertThat(reader.schemaById(rs.id())).contains(rs.schema()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<RegisteredSchema> registerAtOnce(
            Path root, ExecutorService pool, int writers, java.util.function.IntFunction<Schema> schema, String subject)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Future<RegisteredSchema>> futures = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int writer = i;
            DirectorySchemaRegistry registry =
                    DirectorySchemaRegistry.open(root, CompatibilityPolicy.of(CompatibilityMode.NONE));
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return registry.register(subject, schema.apply(writer));
            }));
        }
        List<RegisteredSchema> results = new ArrayList<>();
        for (Future<RegisteredSchema> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS));
        }
        return results;
    }
}
