/**
 * The Sluice sink's writers (NONE/AT_LEAST_ONCE and EXACTLY_ONCE), committer, state serializers
 * and their helpers; not an API. Threading: see {@link
 * io.sluice.connector.flink.sink.internal.SluiceWriter} and {@link
 * io.sluice.connector.flink.sink.internal.TransactionalWriter}.
 */
package io.sluice.connector.flink.sink.internal;
