package io.sluice.serde.avro;

import static io.sluice.serde.avro.Fixtures.AT;
import static io.sluice.serde.avro.Fixtures.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.serde.MessagePropertiesSink;
import io.sluice.serde.avro.format.SchemaRef;
import io.sluice.serde.avro.format.WireFormat;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.InMemorySchemaRegistry;
import io.sluice.serde.avro.registry.IncompatibleSchemaException;
import io.sluice.serde.avro.test.Order;
import io.sluice.serde.avro.test.Status;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Writer v1 / reader v2 and the reverse, and the compatibility checks around them. */
class EvolutionTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(CompatibilityMode.FULL_TRANSITIVE);
    private final Schema v1 = Fixtures.schema("order-v1");

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void v1WriterV2SpecificReaderFillsTheNewFieldsFromDefaults(WireFormat format) {
        byte[] body = AvroSerializer.generic(registry)
                .format(format)
                .build()
                .serialize(TOPIC, Fixtures.v1Order(v1, 3), MessagePropertiesSink.discarding());

        Order order = AvroDeserializer.specific(Order.class, registry).build().deserialize(AT, body, Map.of());

        assertThat(order.getId()).isEqualTo(3);
        assertThat(order.getStatus()).isEqualTo(Status.SHIPPED);
        assertThat(order.getLines()).singleElement().satisfies(l -> assertThat(l.getSku())
                .isEqualTo("sku-9"));
        assertThat(order.getCurrency()).isEqualTo("EUR");
        assertThat(order.getNote()).isNull();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void v2WriterV1GenericReaderDropsTheNewFields(WireFormat format) {
        registry.register(TOPIC, v1);
        byte[] body = AvroSerializer.specific(Order.class, registry)
                .format(format)
                .build()
                .serialize(TOPIC, Fixtures.order(4), MessagePropertiesSink.discarding());

        GenericRecord old = AvroDeserializer.generic(v1, registry).build().deserialize(AT, body, Map.of());

        assertThat(old.getSchema()).isEqualTo(v1);
        assertThat(old.get("customer").toString()).isEqualTo("customer-4");
        assertThat(old.getSchema().getField("currency")).isNull();
        assertThat(registry.history(TOPIC)).hasSize(2);
    }

    @Test
    void v1WriterV2GenericReaderProjectsIntoTheReaderSchema() {
        byte[] body = AvroSerializer.generic(registry)
                .build()
                .serialize(TOPIC, Fixtures.v1Order(v1, 5), MessagePropertiesSink.discarding());

        GenericRecord read = AvroDeserializer.generic(Order.getClassSchema(), registry)
                .build()
                .deserialize(AT, body, Map.of());

        assertThat(read.getSchema()).isEqualTo(Order.getClassSchema());
        assertThat(read.get("currency").toString()).isEqualTo("EUR");
    }

    @Test
    void readerStartUpCheckPassesForCompatibleHistoryAndPreparesReaders() {
        CountingSchemaRegistry counting = new CountingSchemaRegistry(registry);
        registry.register(TOPIC, v1);
        byte[] body = AvroSerializer.generic(registry)
                .build()
                .serialize(TOPIC, Fixtures.v1Order(v1, 6), MessagePropertiesSink.discarding());

        AvroDeserializer<Order> reader = AvroDeserializer.specific(Order.class, counting)
                .requireCompatibleWith(TOPIC, CompatibilityMode.BACKWARD_TRANSITIVE)
                .build();

        assertThat(reader.deserialize(AT, body, Map.of()).getId()).isEqualTo(6);
        assertThat(counting.lookups).as("readers were prepared at start-up").hasValue(0);
    }

    @Test
    void readerStartUpCheckFailsFastNamingTheBrokenFields() {
        InMemorySchemaRegistry anything = new InMemorySchemaRegistry(CompatibilityMode.NONE);
        anything.register(TOPIC, v1);
        anything.register(TOPIC, Fixtures.schema("order-v3-breaking"));

        assertThatThrownBy(() -> AvroDeserializer.specific(Order.class, anything)
                        .requireCompatibleWith(TOPIC, CompatibilityMode.BACKWARD_TRANSITIVE)
                        .build())
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("reader schema io.sluice.serde.avro.test.Order is not BACKWARD_TRANSITIVE")
                .hasMessageContaining("subject 'orders'")
                .hasMessageContaining(
                        "new schema reading version 2: Order.id: reader type LONG cannot read writer type STRING")
                .hasMessageContaining("Order.lines[].quantity: reader type INT cannot read writer type STRING")
                .satisfies(e ->
                        assertThat(((IncompatibleSchemaException) e).problems()).hasSize(2));
    }

    @Test
    void registrationOfABreakingVersionIsRejectedByTheSerializer() {
        AvroSerializer.generic(registry)
                .build()
                .serialize(TOPIC, Fixtures.v1Order(v1, 1), MessagePropertiesSink.discarding());
        Schema breaking = Fixtures.schema("order-v3-breaking");
        GenericRecord bad = Fixtures.v3Order(breaking);

        assertThatThrownBy(() -> AvroSerializer.generic(registry)
                        .build()
                        .serialize(TOPIC, bad, MessagePropertiesSink.discarding()))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("FULL_TRANSITIVE")
                .hasMessageContaining("Order.email")
                .hasMessageContaining("Order.id");
    }

    @Test
    void aWriterSchemaTheReaderCannotResolveIsASchemaMismatchNamingRecordAndFields() {
        InMemorySchemaRegistry anything = new InMemorySchemaRegistry(CompatibilityMode.NONE);
        Schema breaking = Fixtures.schema("order-v3-breaking");
        long fingerprint = anything.register(TOPIC, breaking).fingerprint();
        GenericRecord record = Fixtures.v3Order(breaking);
        byte[] body =
                AvroSerializer.generic(anything).build().serialize(TOPIC, record, MessagePropertiesSink.discarding());
        AvroDeserializer<Order> reader =
                AvroDeserializer.specific(Order.class, anything).build();

        for (int i = 0; i < 2; i++) { // the cached verdict is reported again, with the same detail
            assertThatThrownBy(() -> reader.deserialize(AT, body, Map.of()))
                    .isInstanceOf(SchemaMismatchException.class)
                    .hasMessageContaining("topic orders, queue 3, offset 42")
                    .hasMessageContaining(SchemaRef.fingerprint(fingerprint).toString())
                    .hasMessageContaining("Order.id: reader type LONG cannot read writer type STRING")
                    .satisfies(e ->
                            assertThat(((AvroRecordException) e).coordinates()).isEqualTo(AT));
        }
    }

    @Test
    void aStartUpCheckNeedsAReaderSchema() {
        assertThatThrownBy(() -> AvroDeserializer.generic(registry)
                        .requireCompatibleWith(TOPIC, CompatibilityMode.BACKWARD)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a reader schema");
    }
}
