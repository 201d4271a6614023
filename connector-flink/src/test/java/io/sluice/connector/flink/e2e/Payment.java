package io.sluice.connector.flink.e2e;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One payment of the end-to-end pipeline: a unique {@code id}, the {@code key} whose records must
 * stay in order, that key's sequence number {@code seq} (0, 1, 2, ... in input order) and an
 * {@code amount}. A Flink POJO inside the job (public fields, no-arg constructor) and an Avro
 * record at both ends: generic records of {@link #INPUT} in the input topic, Avro reflection of
 * this class in the output topic. Mutable, not thread-safe (as Flink POJOs are).
 */
public final class Payment {

    /** The input topic's writer schema (registered by serde-avro on the first send). */
    static final Schema INPUT = SchemaBuilder.record("PaymentIn")
            .namespace("io.sluice.e2e")
            .fields()
            .requiredLong("id")
            .requiredString("key")
            .requiredLong("seq")
            .requiredLong("amount")
            .endRecord();

    public long id;
    public String key;
    public long seq;
    public long amount;

    public Payment() {}

    Payment(long id, String key, long seq, long amount) {
        this.id = id;
        this.key = key;
        this.seq = seq;
        this.amount = amount;
    }

    /** This payment as a generic record of {@link #INPUT}. */
    GenericRecord toInput() {
        GenericRecord record = new GenericData.Record(INPUT);
        record.put("id", id);
        record.put("key", key);
        record.put("seq", seq);
        record.put("amount", amount);
        return record;
    }

    /** A decoded input record (any schema the reader resolved to {@link #INPUT}). */
    static Payment fromInput(GenericRecord record) {
        return new Payment((Long) record.get("id"), record.get("key").toString(), (Long) record.get("seq"), (Long)
                record.get("amount"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payment p && id == p.id && seq == p.seq && amount == p.amount && Objects.equals(key, p.key);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "Payment{id=" + id + ", key=" + key + ", seq=" + seq + ", amount=" + amount + "}";
    }
}
