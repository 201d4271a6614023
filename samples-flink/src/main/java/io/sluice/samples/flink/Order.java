package io.sluice.samples.flink;

/**
 * One order, as the generator produces it and the Flink job reads it back from Avro. Immutable;
 * Flink serializes it with its POJO serializer (records are supported since Flink 1.19).
 *
 * @param orderId unique id, also the message key
 * @param customer who ordered: the job's grouping key and the producer's queue key
 * @param amountCents the amount in cents
 * @param eventTimeMs when the order happened (epoch ms): the job's event time, which may be
 *     earlier than that of orders produced before it
 */
public record Order(String orderId, String customer, long amountCents, long eventTimeMs) {}
