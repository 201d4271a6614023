package io.sluice.serde.avro;

import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.RegisteredSchema;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** A hand-written decorator that counts registry calls, to prove the serde caches. Thread-safe. */
final class CountingSchemaRegistry implements SchemaRegistry {
    final AtomicInteger registers = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    private final SchemaRegistry delegate;

    CountingSchemaRegistry(SchemaRegistry delegate) {
        this.delegate = delegate;
    }

    @Override
    public RegisteredSchema register(String subject, Schema schema) {
        registers.incrementAndGet();
        return delegate.register(subject, schema);
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        lookups.incrementAndGet();
        return delegate.lookup(subject, schema);
    }

    @Override
    public Optional<Schema> schemaById(int id) {
        lookups.incrementAndGet();
        return delegate.schemaById(id);
    }

    @Override
    public Optional<Schema> schemaByFingerprint(long fingerprint) {
        lookups.incrementAndGet();
        return delegate.schemaByFingerprint(fingerprint);
    }

    @Override
    public List<RegisteredSchema> history(String subject) {
        return delegate.history(subject);
    }

    @Override
    public CompatibilityMode compatibility(String subject) {
        return delegate.compatibility(subject);
    }
}
