package io.sluice.mq.launcher.bench;

import picocli.CommandLine.Command;

/** {@code sluice bench}: the load generator; see {@link ProduceBench} and {@link ConsumeBench}. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Load generator: throughput and latency of produce and consume.",
        subcommands = {ProduceBench.class, ConsumeBench.class, TxnBench.class})
public final class BenchCommand {}
