package io.sluice.samples.flink;

import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.CompatibilityPolicy;
import io.sluice.serde.avro.registry.DirectorySchemaRegistry;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where the sample's schema registry lives: a serde-avro {@link DirectorySchemaRegistry}. Flink
 * ships this small value to its tasks, and each subtask opens its own registry from it (a
 * registry holds caches and files, so it does not travel with the job). Immutable.
 *
 * <p>The directory allows one registering process at a time, so the sample registers both
 * schemas once, up front ({@link #registerSampleSchemas}); the job's serializers only look them up.
 *
 * @param path the directory
 */
public record SchemaDirectory(String path) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Opens the registry (BACKWARD compatibility per subject). The caller closes it. */
    public SchemaRegistry open() {
        return DirectorySchemaRegistry.open(Path.of(path), CompatibilityPolicy.of(CompatibilityMode.BACKWARD));
    }

    /** Registers the order schema under {@code ordersTopic} and the totals schema under {@code totalsTopic}. */
    public void registerSampleSchemas(String ordersTopic, String totalsTopic) {
        SchemaRegistry registry = open();
        try {
            registry.register(ordersTopic, OrderSchemas.ORDER);
            registry.register(totalsTopic, OrderSchemas.WINDOW_TOTAL);
        } finally {
            registry.close();
        }
    }
}
