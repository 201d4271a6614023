package io.sluice.mq.launcher;

import io.sluice.mq.broker.Broker;
import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.common.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code sluice broker}: a broker registering with the nameservers of its {@code namesrvAddr}. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = "Run a broker; storePathRootDir and namesrvAddr come from --config or --set.")
public final class BrokerCommand implements Callable<Integer> {

    private final Clock clock;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private ConfigOptions config = new ConfigOptions();

    public BrokerCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        BrokerConfig brokerConfig = config.load(Map.of());
        Broker broker = Broker.start(brokerConfig, clock, Thread::new);
        return ServerProcess.runUntilStopped(
                broker,
                "sluice broker: " + brokerConfig.brokerName() + " at " + broker.address() + " registered with "
                        + brokerConfig.namesrvAddresses(),
                spec.commandLine().getOut());
    }
}
