package io.sluice.interop.rocketmq5.bench;

import io.sluice.interop.rocketmq5.RealRocketMqCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Apache RocketMQ 5.3.3 (nameserver and broker in two child JVMs) through {@link
 * RealRocketMqCluster}, with the test-only settings put back to RocketMQ's defaults: 1 GiB
 * commit-log files and 300,000-entry consume-queue files. ASYNC_FLUSH, as RocketMQ ships. Confined
 * to the harness's main thread.
 */
final class RocketMqBroker implements BenchBroker {

    private final RealRocketMqCluster cluster;
    private final Path gcLog;

    private RocketMqBroker(RealRocketMqCluster cluster, Path gcLog) {
        this.cluster = cluster;
        this.gcLog = gcLog;
    }

    static RocketMqBroker start(Path classpathFile, Path runDir, List<String> jvmArgs)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(jvmArgs);
        args.add("-Xlog:gc:file=" + runDir.resolve("rocketmq-{name}-gc.log"));
        RealRocketMqCluster cluster = RealRocketMqCluster.start(
                Duration.ofSeconds(120),
                classpathFile,
                new RealRocketMqCluster.Options(
                        args,
                        Map.of(
                                "mappedFileSizeCommitLog", String.valueOf(1024L * 1024 * 1024),
                                "mappedFileSizeConsumeQueue", String.valueOf(300_000 * 20),
                                "bindAddress", "127.0.0.1"),
                        Map.of("bindAddress", "127.0.0.1")));
        return new RocketMqBroker(cluster, runDir.resolve("rocketmq-broker-gc.log"));
    }

    @Override
    public String name() {
        return "rocketmq";
    }

    @Override
    public String namesrvAddress() {
        return cluster.namesrvAddress();
    }

    @Override
    public String brokerAddress() {
        return cluster.brokerAddress();
    }

    @Override
    public long brokerPid() {
        return cluster.brokerPid();
    }

    @Override
    public Path gcLog() {
        return gcLog;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
