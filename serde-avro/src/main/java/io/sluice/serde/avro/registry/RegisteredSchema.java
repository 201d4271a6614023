package io.sluice.serde.avro.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of one subject.
 *
 * <p>A schema has one id and one fingerprint in a registry however many subjects it is registered
 * under; the version is per subject and starts at 1.
 *
 * <p>Immutable and thread-safe.
 *
 * @param subject the subject (by default the topic name)
 * @param version the version within the subject, from 1
 * @param id the registry-wide schema id, from 1, as written by Confluent framing
 * @param fingerprint the CRC-64-AVRO fingerprint of the Parsing Canonical Form
 * @param schema the parsed schema
 */
public record RegisteredSchema(String subject, int version, int id, long fingerprint, Schema schema) {

    /** Rejects nulls and non-positive versions or ids. */
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (version < 1 || id < 1) {
            throw new IllegalArgumentException("version and id start at 1: version " + version + ", id " + id);
        }
    }

    @Override
    public String toString() {
        return "subject '" + subject + "' version " + version + " (id " + id + ")";
    }
}
