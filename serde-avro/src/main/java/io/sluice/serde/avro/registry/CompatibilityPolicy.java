package io.sluice.serde.avro.registry;

import java.util.Map;
import java.util.Objects;

/**
 * The compatibility mode of each subject: a default plus per-subject overrides.
 *
 * <p>Immutable and thread-safe.
 *
 * @param defaultMode the mode of subjects without an override
 * @param overrides modes by subject name
 */
public record CompatibilityPolicy(CompatibilityMode defaultMode, Map<String, CompatibilityMode> overrides) {

    /** Copies {@code overrides}; rejects nulls. */
    public CompatibilityPolicy {
        Objects.requireNonNull(defaultMode, "defaultMode");
        overrides = Map.copyOf(overrides);
    }

    /** The same mode for every subject. */
    public static CompatibilityPolicy of(CompatibilityMode mode) {
        return new CompatibilityPolicy(mode, Map.of());
    }

    /** The mode of {@code subject}. */
    public CompatibilityMode modeFor(String subject) {
        return overrides.getOrDefault(subject, defaultMode);
    }
}
