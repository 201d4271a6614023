package io.sluice.serde.avro.registry;

import io.sluice.serde.avro.format.SchemaRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * An immutable snapshot of a registry's contents with the lookups every store needs; stores keep
 * one in a volatile field and replace it (copy on write) when they register, which is rare.
 *
 * <p>Immutable and thread-safe.
 */
final class SchemaIndex {

    /** The outcome of {@link #register}: the version, and the index that contains it. */
    record Registration(RegisteredSchema registered, SchemaIndex index, boolean isNew) {}

    private final Map<String, List<RegisteredSchema>> subjects;
    private final Map<Integer, Schema> byId;
    private final Map<Long, Schema> byFingerprint;
    private final Map<Long, Integer> idByFingerprint;
    private final int maxId;

    private SchemaIndex(
            Map<String, List<RegisteredSchema>> subjects,
            Map<Integer, Schema> byId,
            Map<Long, Schema> byFingerprint,
            Map<Long, Integer> idByFingerprint,
            int maxId) {
        this.subjects = subjects;
        this.byId = byId;
        this.byFingerprint = byFingerprint;
        this.idByFingerprint = idByFingerprint;
        this.maxId = maxId;
    }

    static SchemaIndex empty() {
        return new SchemaIndex(Map.of(), Map.of(), Map.of(), Map.of(), 0);
    }

    Optional<Schema> byId(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<Schema> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    List<RegisteredSchema> history(String subject) {
        return subjects.getOrDefault(subject, List.of());
    }

    Optional<RegisteredSchema> find(String subject, long fingerprint) {
        for (RegisteredSchema rs : history(subject)) {
            if (rs.fingerprint() == fingerprint) {
                return Optional.of(rs);
            }
        }
        return Optional.empty();
    }

    /**
     * Plans the registration of {@code schema} under {@code subject}: the existing version if the
     * fingerprint is already there, otherwise a checked new version with the schema's existing id
     * or the next free one.
     *
     * @throws IncompatibleSchemaException if {@code mode} rejects the schema
     */
    Registration register(String subject, Schema schema, CompatibilityMode mode) {
        long fingerprint = SchemaRef.fingerprintOf(schema);
        Optional<RegisteredSchema> existing = find(subject, fingerprint);
        if (existing.isPresent()) {
            return new Registration(existing.get(), this, false);
        }
        List<RegisteredSchema> history = history(subject);
        Compatibility.requireCompatible("schema", subject, mode, schema, history);
        int id = idByFingerprint.getOrDefault(fingerprint, maxId + 1);
        int version = history.isEmpty() ? 1 : history.get(history.size() - 1).version() + 1;
        RegisteredSchema registered = new RegisteredSchema(subject, version, id, fingerprint, schema);
        return new Registration(registered, plus(registered), true);
    }

    /**
     * This index plus {@code rs}.
     *
     * @throws SchemaRegistryException if {@code rs} contradicts the index: its id names another
     *     fingerprint, its fingerprint has another id, or its version is not above the subject's
     *     latest
     */
    SchemaIndex plus(RegisteredSchema rs) {
        Integer knownId = idByFingerprint.get(rs.fingerprint());
        if (knownId != null && knownId != rs.id()) {
            throw new SchemaRegistryException(rs + ": fingerprint " + SchemaRef.fingerprint(rs.fingerprint())
                    + " is already registered with id " + knownId);
        }
        Schema sameId = byId.get(rs.id());
        if (sameId != null && SchemaRef.fingerprintOf(sameId) != rs.fingerprint()) {
            throw new SchemaRegistryException(rs + ": id " + rs.id() + " is already used by another schema");
        }
        List<RegisteredSchema> history = new ArrayList<>(history(rs.subject()));
        if (!history.isEmpty() && history.get(history.size() - 1).version() >= rs.version()) {
            throw new SchemaRegistryException(rs + ": subject '" + rs.subject() + "' already has version "
                    + history.get(history.size() - 1).version());
        }
        history.add(rs);
        Map<String, List<RegisteredSchema>> newSubjects = new HashMap<>(subjects);
        newSubjects.put(rs.subject(), List.copyOf(history));
        Map<Integer, Schema> newById = new HashMap<>(byId);
        newById.putIfAbsent(rs.id(), rs.schema());
        Map<Long, Schema> newByFingerprint = new HashMap<>(byFingerprint);
        newByFingerprint.putIfAbsent(rs.fingerprint(), rs.schema());
        Map<Long, Integer> newIdByFingerprint = new HashMap<>(idByFingerprint);
        newIdByFingerprint.put(rs.fingerprint(), rs.id());
        return new SchemaIndex(
                Map.copyOf(newSubjects),
                Map.copyOf(newById),
                Map.copyOf(newByFingerprint),
                Map.copyOf(newIdByFingerprint),
                Math.max(maxId, rs.id()));
    }
}
