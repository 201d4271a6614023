/**
 * The Sluice sink's writer and its helpers; not an API. Threading: see {@link
 * io.sluice.connector.flink.sink.internal.SluiceWriter}.
 */
package io.sluice.connector.flink.sink.internal;
