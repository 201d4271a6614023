package io.sluice.serde.avro.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
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
}
