/**
 * The {@link io.sluice.serde.avro.registry.SchemaRegistry} SPI, its in-memory and directory
 * stores, and compatibility checking ({@link io.sluice.serde.avro.registry.CompatibilityMode},
 * {@link io.sluice.serde.avro.registry.Compatibility}) with readable, field-path explanations.
 *
 * <p>Stores keep an immutable {@code SchemaIndex} snapshot that lookups read without locks and
 * registrations replace under a lock. A broker-backed store (schemas kept as messages in a Sluice
 * system topic) will implement the same SPI once the broker client exists.
 *
 * <p>Allowed imports: the JDK, Avro, {@code io.sluice.serde.avro.format}, and {@link
 * io.sluice.serde.avro.AvroSerdeException} as the base of this package's exceptions.
 */
package io.sluice.serde.avro.registry;
