package io.sluice.interop.rocketmq5.bench;

import java.nio.file.Path;

/**
 * One broker under test, running in its own child JVM on 127.0.0.1 with the heap capped at the
 * benchmark's limit. The harness drives it only over the wire (the official client) and observes
 * its JVM from outside (process id, GC log). {@link #close()} stops the children by process id.
 *
 * <p>Implementations are confined to the harness's main thread.
 */
interface BenchBroker extends AutoCloseable {

    /** Short name in reports: "rocketmq" or "sluice". */
    String name();

    /** "127.0.0.1:port" of the nameserver. */
    String namesrvAddress();

    /** "127.0.0.1:port" of the broker. */
    String brokerAddress();

    /** Process id of the JVM that runs the broker (measured for CPU, RSS and heap). */
    long brokerPid();

    /** The broker JVM's {@code -Xlog:gc} file. */
    Path gcLog();

    /** Stops the child JVMs (SIGTERM, then SIGKILL by process id) and deletes the store. */
    @Override
    void close();
}
