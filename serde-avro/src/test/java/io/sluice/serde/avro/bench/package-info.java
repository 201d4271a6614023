/**
 * JMH benchmarks of the Avro serde. They compile on every build (so they cannot rot) and run with
 * the test classpath; the command line and figures are in {@code docs/perf/}.
 */
package io.sluice.serde.avro.bench;
