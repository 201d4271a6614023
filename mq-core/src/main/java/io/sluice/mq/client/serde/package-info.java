/**
 * The serializer contract between the client and body formats such as {@code serde-avro}.
 *
 * <p>Imports nothing but the JDK, so a serde module depends on this package alone.
 */
package io.sluice.mq.client.serde;
