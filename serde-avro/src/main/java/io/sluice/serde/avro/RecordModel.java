package io.sluice.serde.avro;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.reflect.ReflectData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Which Avro data model a serde uses (generic, specific or reflect), and the schema that goes with
 * it. Creates the datum writers and readers; the serde caches them per schema.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the value type
 */
final class RecordModel<T> {

    private final String kind;
    private final GenericData data;
    private final Schema fixedSchema;

    private RecordModel(String kind, GenericData data, Schema fixedSchema) {
        this.kind = kind;
        this.data = data;
        this.fixedSchema = fixedSchema;
    }

    /**
     * Generic values. On the writing side {@code schema} is the writer schema (or {@code null}:
     * each value's own); on the reading side it is the reader schema (or {@code null}: each
     * writer's schema, no projection).
     */
    static <T> RecordModel<T> generic(GenericData data, Schema schema) {
        return new RecordModel<>("generic", data, schema);
    }

    /** Generated {@link SpecificRecord} classes; the reader schema is the class's schema. */
    static <T extends SpecificRecord> RecordModel<T> specific(Class<T> type) {
        SpecificData data = SpecificData.getForClass(type);
        return new RecordModel<>("specific " + type.getName(), data, data.getSchema(type));
    }

    /** Plain Java classes through reflection; the schema is induced from the class once. */
    static <T> RecordModel<T> reflect(Class<T> type, ReflectData data) {
        return new RecordModel<>("reflect " + type.getName(), data, data.getSchema(type));
    }

    /**
     * The writer schema of {@code value}: the model's schema if it has one, else the value's own.
     *
     * @return the schema, or {@code null} if the value carries none and the model has none
     */
    Schema schemaOf(T value) {
        if (fixedSchema != null) {
            return fixedSchema;
        }
        return value instanceof GenericContainer container ? container.getSchema() : null;
    }

    /** The schema values are read into, or {@code null} to read with each writer's schema. */
    Schema readerSchema() {
        return fixedSchema;
    }

    @SuppressWarnings("unchecked")
    DatumWriter<T> newWriter(Schema schema) {
        return (DatumWriter<T>) data.createDatumWriter(schema);
    }

    @SuppressWarnings("unchecked")
    DatumReader<T> newReader(Schema writer, Schema reader) {
        return (DatumReader<T>) data.createDatumReader(writer, reader);
    }

    /** "generic", "specific com.example.Order", ...: for messages. */
    String kind() {
        return kind;
    }
}
