/**
 * One nameserver and one broker in one JVM ({@link io.sluice.mq.standalone.StandaloneCluster}):
 * the embedded default for tests, samples and a laptop.
 *
 * <p>Imports {@code broker}, {@code namesrv} and {@code common}.
 */
package io.sluice.mq.standalone;
