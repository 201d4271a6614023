package io.sluice.serde.avro.registry;

/**
 * Which schema versions of a subject a new schema must be compatible with, and in which direction,
 * with the registry semantics of Confluent's Schema Registry (CONNECTORS.md section 9.3).
 *
 * <ul>
 *   <li>BACKWARD: the new schema can read data written with the latest version (upgrade consumers
 *       first).
 *   <li>FORWARD: the latest version can read data written with the new schema (upgrade producers
 *       first).
 *   <li>FULL: both.
 *   <li>The {@code _TRANSITIVE} variants check every earlier version instead of the latest only.
 *   <li>NONE: no check.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public enum CompatibilityMode {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityMode(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** Whether the new schema must read data written with the checked versions. */
    public boolean newReadsOld() {
        return newReadsOld;
    }

    /** Whether the checked versions must read data written with the new schema. */
    public boolean oldReadsNew() {
        return oldReadsNew;
    }

    /** Whether every earlier version is checked, not just the latest. */
    public boolean transitive() {
        return transitive;
    }
}
