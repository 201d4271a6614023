package io.sluice.serde.avro.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Where writer schemas live, by subject and version, by registry id and by fingerprint. The SPI
 * behind every serializer and deserializer of this module.
 *
 * <p>Stores: {@link InMemorySchemaRegistry} (tests, single JVM), {@link DirectorySchemaRegistry}
 * (a directory of {@code .avsc} files, shared through a file system or shipped with a job). A
 * broker-backed store (schemas as messages in a system topic of the Sluice broker) fits the same
 * contract: it replays the topic into memory at start, serves lookups from memory, and appends a
 * registration as one message; it arrives once the broker client exists.
 *
 * <p>Contract for every implementation:
 *
 * <ul>
 *   <li>Thread-safe: one instance serves every serializer and deserializer in the JVM.
 *   <li>Lookups may be slow the first time (I/O) and may throw {@link SchemaRegistryException};
 *       callers cache what they get, so a store need not.
 *   <li>A schema's identity is its Parsing Canonical Form: registering a schema whose fingerprint
 *       is already a version of the subject returns that version and changes nothing. Ids are
 *       registry-wide, one per fingerprint, and never reused.
 *   <li>Registration checks the candidate against the subject's history with the subject's {@link
 *       #compatibility} mode and throws {@link IncompatibleSchemaException} naming the broken
 *       field paths.
 * </ul>
 *
 * <p>Ownership: whoever creates a store closes it; serializers never close the registry they use.
 */
public interface SchemaRegistry extends AutoCloseable {

    /**
     * Registers {@code schema} as the next version of {@code subject}, or returns the existing
     * version with the same fingerprint.
     *
     * @throws IncompatibleSchemaException if the subject's mode rejects the schema
     * @throws SchemaRegistryException if the store fails
     */
    RegisteredSchema register(String subject, Schema schema);

    /** The version of {@code subject} whose fingerprint equals {@code schema}'s, if any. */
    Optional<RegisteredSchema> lookup(String subject, Schema schema);

    /** The schema with registry id {@code id}, if any. */
    Optional<Schema> schemaById(int id);

    /** The schema whose Parsing Canonical Form has CRC-64-AVRO fingerprint {@code fingerprint}. */
    Optional<Schema> schemaByFingerprint(long fingerprint);

    /** Every version of {@code subject}, oldest first; empty for an unknown subject. */
    List<RegisteredSchema> history(String subject);

    /** The compatibility mode that registration under {@code subject} enforces. */
    CompatibilityMode compatibility(String subject);

    /** Releases the store's resources; the default does nothing. Idempotent. */
    @Override
    default void close() {}
}
