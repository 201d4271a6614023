package io.sluice.mq.launcher;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.common.Clock;
import io.sluice.mq.namesrv.NameServerConfig;
import io.sluice.mq.standalone.StandaloneCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice standalone}: a nameserver and a broker in this JVM, the embedded default. */
@Command(
        name = "standalone",
        mixinStandardHelpOptions = true,
        description = "Run a nameserver and a broker in one JVM (the embedded default).")
public final class StandaloneCommand implements Callable<Integer> {

    private final Clock clock;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private ConfigOptions config = new ConfigOptions();

    @Option(names = "--namesrv-port", description = "nameserver port (default ${DEFAULT-VALUE})")
    private int namesrvPort = NameServerConfig.DEFAULT_PORT;

    @Option(
            names = "--store",
            paramLabel = "DIR",
            description = "storePathRootDir when the config does not set it (default ${DEFAULT-VALUE})")
    private Path store = Path.of(System.getProperty("user.home"), ".sluice", "store");

    public StandaloneCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        BrokerConfig brokerConfig = config.load(Map.of("storePathRootDir", store.toString()));
        NameServerConfig namesrvConfig = NameServerConfig.builder()
                .bindAddress(brokerConfig.bindAddress())
                .listenPort(namesrvPort)
                .build();
        StandaloneCluster cluster = StandaloneCluster.start(namesrvConfig, brokerConfig, clock, Thread::new);
        return ServerProcess.runUntilStopped(
                cluster,
                "sluice standalone: namesrvAddr=" + cluster.namesrvAddress() + " broker=" + cluster.brokerAddress()
                        + " store=" + brokerConfig.storeRoot(),
                spec.commandLine().getOut());
    }
}
