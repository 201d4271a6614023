package io.sluice.serde.avro.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.serde.avro.format.SchemaRef;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** What every {@link SchemaRegistry} store must do; each store's test extends this. */
abstract class SchemaRegistryContractTest {

    /** A new, empty store enforcing {@code policy}. */
    abstract SchemaRegistry newRegistry(CompatibilityPolicy policy);

    SchemaRegistry newRegistry(CompatibilityMode mode) {
        return newRegistry(CompatibilityPolicy.of(mode));
    }

    @Test
    void registrationAssignsVersionsPerSubjectAndIdsPerSchema() {
        SchemaRegistry registry = newRegistry(CompatibilityMode.BACKWARD);

        RegisteredSchema a1 = registry.register("a", TestSchemas.userV1());
        RegisteredSchema a2 = registry.register("a", TestSchemas.userV2WithDefault());
        RegisteredSchema b1 = registry.register("b", TestSchemas.userV2WithDefault());

        assertThat(a1.version()).isEqualTo(1);
        assertThat(a2.version()).isEqualTo(2);
        assertThat(b1.version()).isEqualTo(1);
        assertThat(a1.id()).isNotEqualTo(a2.id());
        assertThat(b1.id()).as("one id per schema across subjects").isEqualTo(a2.id());
        assertThat(a1.fingerprint()).isEqualTo(SchemaRef.fingerprintOf(TestSchemas.userV1()));
        assertThat(registry.history("a")).extracting(RegisteredSchema::version).containsExactly(1, 2);
        assertThat(registry.history("unknown")).isEmpty();
    }

    @Test
    void registeringTheSameSchemaAgainIsIdempotent() {
        SchemaRegistry registry = newRegistry(CompatibilityMode.BACKWARD);
        RegisteredSchema first = registry.register("a", TestSchemas.userV1());

        RegisteredSchema again = registry.register("a", TestSchemas.userV1());

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.version()).isEqualTo(1);
        assertThat(registry.history("a")).hasSize(1);
    }

    @Test
    void lookupsFindSchemasByIdFingerprintAndSubject() {
        SchemaRegistry registry = newRegistry(CompatibilityMode.BACKWARD);
        Schema v1 = TestSchemas.userV1();
        RegisteredSchema rs = registry.register("a", v1);

        assertThat(registry.schemaById(rs.id())).contains(v1);
        assertThat(registry.schemaByFingerprint(rs.fingerprint())).contains(v1);
        assertThat(registry.lookup("a", TestSchemas.userV1())).contains(rs);
        assertThat(registry.lookup("b", v1)).isEmpty();
        assertThat(registry.lookup("a", TestSchemas.userV2WithDefault())).isEmpty();
        assertThat(registry.schemaById(rs.id() + 100)).isEmpty();
        assertThat(registry.schemaByFingerprint(rs.fingerprint() + 1)).isEmpty();
    }

    @Test
    void backwardModeRejectsAFieldAddedWithoutDefaultAndNamesIt() {
        SchemaRegistry registry = newRegistry(CompatibilityMode.BACKWARD);
        registry.register("users", TestSchemas.userV1());

        assertThatThrownBy(() -> registry.register("users", TestSchemas.userV2NoDefault()))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("is not BACKWARD compatible with subject 'users'")
                .hasMessageContaining("User.email")
                .hasMessageContaining("without a default value");
        assertThat(registry.history("users")).hasSize(1);
    }

    @Test
    void perSubjectModesOverrideTheDefault() {
        SchemaRegistry registry = newRegistry(
                new CompatibilityPolicy(CompatibilityMode.FULL, java.util.Map.of("free", CompatibilityMode.NONE)));
        registry.register("free", TestSchemas.userV1());
        registry.register("strict", TestSchemas.userV1());

        assertThat(registry.register("free", TestSchemas.userV2NoDefault()).version())
                .isEqualTo(2);
        assertThatThrownBy(() -> registry.register("strict", TestSchemas.userWithoutName()))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("FULL");
        assertThat(registry.compatibility("free")).isEqualTo(CompatibilityMode.NONE);
        assertThat(registry.compatibility("strict")).isEqualTo(CompatibilityMode.FULL);
    }

    @Test
    void historiesAreImmutableSnapshots() {
        SchemaRegistry registry = newRegistry(CompatibilityMode.NONE);
        registry.register("a", TestSchemas.userV1());
        List<RegisteredSchema> before = registry.history("a");

        registry.register("a", TestSchemas.userV2NoDefault());

        assertThat(before).hasSize(1);
        assertThatThrownBy(() -> before.add(before.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }
}
