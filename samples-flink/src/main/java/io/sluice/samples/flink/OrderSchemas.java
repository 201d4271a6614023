package io.sluice.samples.flink;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Avro schemas of the two topics and the mapping between them and the job's records. The
 * schemas live in a serde-avro registry under the topic names, so the body of each message carries
 * only a schema fingerprint (single-object framing). Stateless; thread-safe.
 */
public final class OrderSchemas {

    /** Schema of the {@code orders} topic. */
    public static final Schema ORDER = SchemaBuilder.record("Order")
            .namespace("io.sluice.samples.flink.avro")
            .fields()
            .requiredString("orderId")
            .requiredString("customer")
            .requiredLong("amountCents")
            .name("eventTime")
            .type(timestampMillis())
            .noDefault()
            .endRecord();

    /** Schema of the {@code order-totals} topic. */
    public static final Schema WINDOW_TOTAL = SchemaBuilder.record("WindowTotal")
            .namespace("io.sluice.samples.flink.avro")
            .fields()
            .requiredString("customer")
            .name("windowStart")
            .type(timestampMillis())
            .noDefault()
            .name("windowEnd")
            .type(timestampMillis())
            .noDefault()
            .requiredLong("orders")
            .requiredLong("amountCents")
            .endRecord();

    private OrderSchemas() {}

    private static Schema timestampMillis() {
        return org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    }

    /** {@code order} as an Avro record of {@link #ORDER}. */
    public static GenericRecord toAvro(Order order) {
        GenericRecord record = new GenericData.Record(ORDER);
        record.put("orderId", order.orderId());
        record.put("customer", order.customer());
        record.put("amountCents", order.amountCents());
        record.put("eventTime", order.eventTimeMs());
        return record;
    }

    /** The order in an Avro record of {@link #ORDER} (strings may arrive as Avro {@code Utf8}). */
    public static Order orderOf(GenericRecord record) {
        return new Order(
                record.get("orderId").toString(),
                record.get("customer").toString(),
                (Long) record.get("amountCents"),
                (Long) record.get("eventTime"));
    }

    /** {@code total} as an Avro record of {@link #WINDOW_TOTAL}. */
    public static GenericRecord toAvro(WindowTotal total) {
        GenericRecord record = new GenericData.Record(WINDOW_TOTAL);
        record.put("customer", total.customer());
        record.put("windowStart", total.windowStartMs());
        record.put("windowEnd", total.windowEndMs());
        record.put("orders", total.orders());
        record.put("amountCents", total.amountCents());
        return record;
    }

    /** The window total in an Avro record of {@link #WINDOW_TOTAL}. */
    public static WindowTotal windowTotalOf(GenericRecord record) {
        return new WindowTotal(
                record.get("customer").toString(),
                (Long) record.get("windowStart"),
                (Long) record.get("windowEnd"),
                (Long) record.get("orders"),
                (Long) record.get("amountCents"));
    }
}
