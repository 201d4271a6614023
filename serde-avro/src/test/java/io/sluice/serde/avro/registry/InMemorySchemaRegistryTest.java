package io.sluice.serde.avro.registry;

class InMemorySchemaRegistryTest extends SchemaRegistryContractTest {

    @Override
    SchemaRegistry newRegistry(CompatibilityPolicy policy) {
        return new InMemorySchemaRegistry(policy);
    }
}
