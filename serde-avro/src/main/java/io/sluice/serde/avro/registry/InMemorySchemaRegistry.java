package io.sluice.serde.avro.registry;

import io.sluice.serde.avro.format.SchemaRef;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistry} held in memory: for tests, and for a single JVM whose producers and
 * consumers share one instance. Ids are assigned from 1 in registration order.
 *
 * <p>Thread-safe: lookups read an immutable snapshot without locking; registrations are serialized
 * by a private lock and publish a new snapshot.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final CompatibilityPolicy policy;
    private final ReentrantLock registerLock = new ReentrantLock();
    private volatile SchemaIndex index = SchemaIndex.empty();

    /** An empty registry that enforces {@code policy} at registration. */
    public InMemorySchemaRegistry(CompatibilityPolicy policy) {
        this.policy = policy;
    }

    /** An empty registry with the same mode for every subject. */
    public InMemorySchemaRegistry(CompatibilityMode mode) {
        this(CompatibilityPolicy.of(mode));
    }

    @Override
    public RegisteredSchema register(String subject, Schema schema) {
        registerLock.lock();
        try {
            SchemaIndex.Registration r = index.register(subject, schema, policy.modeFor(subject));
            index = r.index();
            return r.registered();
        } finally {
            registerLock.unlock();
        }
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        return index.find(subject, SchemaRef.fingerprintOf(schema));
    }

    @Override
    public Optional<Schema> schemaById(int id) {
        return index.byId(id);
    }

    @Override
    public Optional<Schema> schemaByFingerprint(long fingerprint) {
        return index.byFingerprint(fingerprint);
    }

    @Override
    public List<RegisteredSchema> history(String subject) {
        return index.history(subject);
    }

    @Override
    public CompatibilityMode compatibility(String subject) {
        return policy.modeFor(subject);
    }
}
