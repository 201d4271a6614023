/**
 * Byte layouts of framed Avro message bodies: Avro single-object encoding ({@code C3 01} plus an
 * 8-byte little-endian CRC-64-AVRO fingerprint) and Confluent framing ({@code 00} plus a 4-byte
 * big-endian schema id), detection of the framing from the first bytes, and the message property
 * names that repeat the schema identity.
 *
 * <p>Normative description: {@code docs/design/avro-wire-formats.md}. This package is a leaf: it
 * imports the JDK and Avro's schema classes only, and all of it is stateless and thread-safe.
 */
package io.sluice.serde.avro.format;
