package io.sluice.serde.avro.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.junit.jupiter.api.Test;

class CompatibilityTest {

    private static List<RegisteredSchema> history(Schema... versions) {
        RegisteredSchema[] out = new RegisteredSchema[versions.length];
        for (int i = 0; i < versions.length; i++) {
            out[i] = new RegisteredSchema("users", i + 1, i + 1, i, versions[i]);
        }
        return List.of(out);
    }

    @Test
    void backwardChecksThatTheNewSchemaReadsTheLatest() {
        List<SchemaProblem> problems = Compatibility.problems(
                CompatibilityMode.BACKWARD, TestSchemas.userV2NoDefault(), history(TestSchemas.userV1()));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.fieldPath()).isEqualTo("User.email");
            assertThat(p.type()).isEqualTo(SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE);
            assertThat(p.context()).isEqualTo("new schema reading version 1");
        });
        assertThat(Compatibility.problems(
                        CompatibilityMode.BACKWARD, TestSchemas.userWithoutName(), history(TestSchemas.userV1())))
                .as("dropping a field is backward compatible")
                .isEmpty();
    }

    @Test
    void forwardChecksThatTheLatestReadsTheNewSchema() {
        List<SchemaProblem> problems = Compatibility.problems(
                CompatibilityMode.FORWARD, TestSchemas.userWithoutName(), history(TestSchemas.userV1()));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.fieldPath()).isEqualTo("User.name");
            assertThat(p.context()).isEqualTo("version 1 reading new schema");
        });
        assertThat(Compatibility.problems(
                        CompatibilityMode.FORWARD, TestSchemas.userV2NoDefault(), history(TestSchemas.userV1())))
                .as("adding a field is forward compatible")
                .isEmpty();
    }

    @Test
    void fullChecksBothDirections() {
        assertThat(Compatibility.problems(
                        CompatibilityMode.FULL, TestSchemas.userV2NoDefault(), history(TestSchemas.userV1())))
                .hasSize(1);
        assertThat(Compatibility.problems(
                        CompatibilityMode.FULL, TestSchemas.userWithoutName(), history(TestSchemas.userV1())))
                .hasSize(1);
        assertThat(Compatibility.problems(
                        CompatibilityMode.FULL, TestSchemas.userV2WithDefault(), history(TestSchemas.userV1())))
                .isEmpty();
    }

    @Test
    void transitiveModesCheckEveryVersionNotJustTheLatest() {
        // v1 {id, name}, v2 {id, name, email = ""}.
        List<RegisteredSchema> versions = history(TestSchemas.userV1(), TestSchemas.userV2WithDefault());

        // {id, name, email} without default reads v2 data but not v1 data.
        Schema noDefault = TestSchemas.userV2NoDefault();
        assertThat(Compatibility.problems(CompatibilityMode.BACKWARD, noDefault, versions))
                .isEmpty();
        assertThat(Compatibility.problems(CompatibilityMode.BACKWARD_TRANSITIVE, noDefault, versions))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.context()).isEqualTo("new schema reading version 1");
                    assertThat(p.fieldPath()).isEqualTo("User.email");
                });

        // {id} cannot be read by v2 nor by v1, which both lack a default for name.
        Schema withoutName = TestSchemas.userWithoutName();
        assertThat(Compatibility.problems(CompatibilityMode.FORWARD, withoutName, versions))
                .extracting(SchemaProblem::context)
                .containsExactly("version 2 reading new schema");
        assertThat(Compatibility.problems(CompatibilityMode.FORWARD_TRANSITIVE, withoutName, versions))
                .extracting(SchemaProblem::context)
                .containsExactly("version 2 reading new schema", "version 1 reading new schema");
        assertThat(Compatibility.problems(CompatibilityMode.FULL, withoutName, versions))
                .hasSize(1);
        assertThat(Compatibility.problems(CompatibilityMode.FULL_TRANSITIVE, withoutName, versions))
                .hasSize(2)
                .allSatisfy(p -> assertThat(p.fieldPath()).isEqualTo("User.name"));
    }

    @Test
    void noneAcceptsAnything() {
        assertThat(Compatibility.problems(
                        CompatibilityMode.NONE, TestSchemas.parse("\"string\""), history(TestSchemas.userV1())))
                .isEmpty();
    }

    @Test
    void theExceptionMessageListsEveryBrokenFieldPathReadably() {
        Schema writer = TestSchemas.parse("{'type':'record','name':'Order','fields':["
                + "{'name':'id','type':'long'},"
                + "{'name':'customer','type':{'type':'record','name':'C','fields':["
                + "  {'name':'name','type':'string'},"
                + "  {'name':'tier','type':{'type':'enum','name':'T','symbols':['A','B','C']}}]}},"
                + "{'name':'tags','type':{'type':'array','items':{'type':'record','name':'Tag','fields':["
                + "  {'name':'k','type':'string'}]}}},"
                + "{'name':'attrs','type':{'type':'map','values':'long'}},"
                + "{'name':'u','type':['null','string','int']}]}");
        Schema reader = TestSchemas.parse("{'type':'record','name':'Order','fields':["
                + "{'name':'id','type':'int'},"
                + "{'name':'customer','type':{'type':'record','name':'C','fields':["
                + "  {'name':'name','type':'string'},{'name':'email','type':'string'},"
                + "  {'name':'tier','type':{'type':'enum','name':'T','symbols':['A','B']}}]}},"
                + "{'name':'tags','type':{'type':'array','items':{'type':'record','name':'Tag','fields':["
                + "  {'name':'k','type':'int'}]}}},"
                + "{'name':'attrs','type':{'type':'map','values':'int'}},"
                + "{'name':'u','type':['null','string']}]}");

        assertThatThrownBy(() -> Compatibility.requireCompatible(
                        "reader schema", "orders", CompatibilityMode.BACKWARD, reader, history(writer)))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageStartingWith("reader schema Order is not BACKWARD compatible with subject 'orders'")
                .hasMessageContaining("Order.id: reader type INT cannot read writer type LONG")
                .hasMessageContaining("Order.customer.email: the reader has field 'email' without a default value")
                .hasMessageContaining("Order.customer.tier (symbols): the reader's enum lacks the writer's symbols [C]")
                .hasMessageContaining("Order.tags[].k: reader type INT cannot read writer type STRING")
                .hasMessageContaining("Order.attrs{}: reader type INT cannot read writer type LONG")
                .hasMessageContaining("Order.u<writer branch 2>: the reader's union has no branch for writer type int")
                .satisfies(e ->
                        assertThat(((IncompatibleSchemaException) e).problems()).hasSize(6));
    }

    @Test
    void fieldPathsFallBackToTheRawLocationWhenTheyCannotFollowIt() {
        Schema reader = TestSchemas.userV1();

        assertThat(FieldPaths.of(reader, "/")).isEqualTo("User");
        assertThat(FieldPaths.of(reader, "/fields/9/type")).isEqualTo("User at /fields/9/type");
        assertThat(FieldPaths.of(reader, "/name")).isEqualTo("User (name)");
        assertThat(FieldPaths.of(TestSchemas.parse("'long'"), "/")).isEqualTo("long");
    }
}
