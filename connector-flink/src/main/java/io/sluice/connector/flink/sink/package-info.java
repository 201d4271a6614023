/**
 * Sluice's Flink Sink V2: {@link io.sluice.connector.flink.sink.SluiceSink} (built by {@link
 * io.sluice.connector.flink.sink.SluiceSinkBuilder}), the record contract {@link
 * io.sluice.connector.flink.sink.SluiceRecordSerializer} with its field-function builder, and
 * {@link io.sluice.connector.flink.sink.SluiceAvro} for serde-avro bodies. Writers live in {@code
 * internal}.
 *
 * <p>Allowed imports: Flink's public sink API, {@code io.sluice.mq.client} (never remoting or the
 * broker), {@code io.sluice.serde.avro}.
 *
 * <pre>
 *  task thread                                client callback threads
 *  element ─► SluiceRecordSerializer          ack / failure
 *             │ SluiceRecord (Message, queue key)   │
 *             ▼                                     ▼
 *  SluiceWriter.write ─► InFlightSends.acquire   InFlightSends.completed ─► first failure:
 *             │          (bounded permits)          mail to the task thread (fails the task)
 *             └─► Producer.sendAsync ──────────────┘
 *  flush (checkpoint, AT_LEAST_ONCE) ─► InFlightSends.awaitAll (bounded) ─► rethrow a failure
 * </pre>
 *
 * <p>EXACTLY_ONCE: {@code TransactionalWriter} stages each element in a Sluice transaction
 * ({@code ExactlyOnceProducer.sendAsync}, same bounded in-flight tracking); at the barrier it seals
 * it and emits the {@code TransactionHandle} as committable; {@code SluiceCommitter} commits it
 * when the checkpoint completes. Restores fence and abort what no checkpoint covers
 * ({@code LingeringTransactions}).
 *
 * <p>Design note: {@code docs/design/flink-sink.md}.
 */
package io.sluice.connector.flink.sink;
