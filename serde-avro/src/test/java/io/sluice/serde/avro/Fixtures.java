package io.sluice.serde.avro;

import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.serde.avro.test.Line;
import io.sluice.serde.avro.test.Order;
import io.sluice.serde.avro.test.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

/** Schemas, records and coordinates shared by the tests. */
final class Fixtures {

    static final String TOPIC = "orders";
    static final MessageCoordinates AT = new MessageCoordinates(TOPIC, 3, 42L);

    private Fixtures() {}

    /** Parses a schema from {@code src/test/resources/schemas/<name>.avsc}. */
    static Schema schema(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/schemas/" + name + ".avsc")) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A v2 (generated) order. */
    static Order order(long id) {
        return Order.newBuilder()
                .setId(id)
                .setCustomer("customer-" + id)
                .setAmountCents(100 * id + 7)
                .setStatus(Status.PAID)
                .setLines(List.of(new Line("sku-1", 2), new Line("sku-2", 5)))
                .setCurrency("CHF")
                .setNote(id % 2 == 0 ? null : "fragile")
                .build();
    }

    /** A generic order of schema {@code v1} (order-v1.avsc). */
    static GenericRecord v1Order(Schema v1, long id) {
        Schema lineSchema = v1.getField("lines").schema().getElementType();
        GenericRecord line = new GenericData.Record(lineSchema);
        line.put("sku", "sku-9");
        line.put("quantity", 3);
        GenericRecord order = new GenericData.Record(v1);
        order.put("id", id);
        order.put("customer", "customer-" + id);
        order.put("amountCents", 100 * id);
        order.put("status", new GenericData.EnumSymbol(v1.getField("status").schema(), "SHIPPED"));
        order.put("lines", new GenericData.Array<>(v1.getField("lines").schema(), List.of(line)));
        return order;
    }

    /** An order of the breaking schema {@code v3} (order-v3-breaking.avsc). */
    static GenericRecord v3Order(Schema v3) {
        return new GenericRecordBuilder(v3)
                .set("id", "x-1")
                .set("customer", "c")
                .set("email", "e@example.com")
                .set("amountCents", 1L)
                .set("status", new GenericData.EnumSymbol(v3.getField("status").schema(), "NEW"))
                .set("lines", List.of())
                .build();
    }
}
