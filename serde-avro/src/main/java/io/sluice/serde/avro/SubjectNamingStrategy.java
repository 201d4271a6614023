package io.sluice.serde.avro;

import org.apache.avro.Schema;

/**
 * Chooses the registry subject a serializer registers a writer schema under. The subject decides
 * which schemas are checked against each other for compatibility.
 *
 * <p>Implementations must be thread-safe and cheap; the result is cached per topic and schema.
 */
@FunctionalInterface
public interface SubjectNamingStrategy {

    /** The subject for values of {@code schema} sent to {@code topic}. */
    String subject(String topic, Schema schema);

    /** The subject is the topic: one evolving record type per topic. The default. */
    static SubjectNamingStrategy topicName() {
        return (topic, schema) -> topic;
    }

    /** The subject is the record's full name: one record type may go to many topics. */
    static SubjectNamingStrategy recordName() {
        return (topic, schema) -> schema.getFullName();
    }

    /** The subject is {@code <topic>-<record full name>}: several record types per topic. */
    static SubjectNamingStrategy topicRecordName() {
        return (topic, schema) -> topic + "-" + schema.getFullName();
    }
}
