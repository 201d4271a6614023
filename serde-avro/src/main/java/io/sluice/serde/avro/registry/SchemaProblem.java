package io.sluice.serde.avro.registry;

import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * One reason why a reader schema cannot read data of a writer schema, in words.
 *
 * <p>Immutable and thread-safe.
 *
 * @param context which pair was checked, e.g. "new schema reading version 2"
 * @param fieldPath the place in the reader schema by field names, e.g. {@code Order.customer.email}
 * @param location Avro's location of the problem, e.g. {@code /fields/1/type/fields/1}
 * @param type Avro's kind of incompatibility
 * @param explanation what breaks, in a sentence
 */
public record SchemaProblem(
        String context, String fieldPath, String location, SchemaIncompatibilityType type, String explanation) {

    @Override
    public String toString() {
        return context + ": " + fieldPath + ": " + explanation + " [" + type + " at " + location + "]";
    }
}
