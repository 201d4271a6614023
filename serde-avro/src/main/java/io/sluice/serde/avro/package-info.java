/**
 * Avro serializers and deserializers for Sluice messages: {@link
 * io.sluice.serde.avro.AvroSerializer} and {@link io.sluice.serde.avro.AvroDeserializer} implement
 * the client's {@code io.sluice.mq.client.serde} contract for generic, specific and reflect
 * records, and every connector reuses them.
 *
 * <p>Allowed imports: the JDK, Avro, {@code io.sluice.mq.client.serde}, and this module's {@code
 * format} and {@code registry} packages (which import only {@link
 * io.sluice.serde.avro.AvroSerdeException} from here). Never mq-core's store, broker or namesrv.
 *
 * <pre>
 *  producer thread(s)                      consumer thread(s)
 *  value ──► AvroSerializer                body ──► AvroDeserializer
 *            │ per (topic, schema), once:           │ Framing.detect(first bytes)
 *            │   registry.register ──┐              │ per fingerprint/id, once:
 *            │   header, DatumWriter │              │   registry lookup, compatibility check,
 *            │ per record:           ▼              │   DatumReader (caches its resolver)
 *            │   pooled encoder   SchemaRegistry ◄──┤ per record:
 *            ▼                                      ▼   pooled decoder, read, trailing-byte check
 *  header + Avro binary, property                value, or a typed AvroRecordException
 * </pre>
 *
 * <p>Errors: {@link io.sluice.serde.avro.AvroRecordException} and its subclasses concern one record
 * and name its topic, queue, offset and schema fingerprint or id (route it to a dead-letter topic);
 * other {@link io.sluice.serde.avro.AvroSerdeException}s are configuration or registry failures.
 * Design note: {@code docs/design/avro-wire-formats.md}.
 */
package io.sluice.serde.avro;
