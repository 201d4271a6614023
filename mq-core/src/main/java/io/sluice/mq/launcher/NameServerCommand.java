package io.sluice.mq.launcher;

import io.sluice.mq.common.Clock;
import io.sluice.mq.namesrv.NameServer;
import io.sluice.mq.namesrv.NameServerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice namesrv}: a nameserver on its own; run several side by side for redundancy. */
@Command(name = "namesrv", mixinStandardHelpOptions = true, description = "Run a nameserver.")
public final class NameServerCommand implements Callable<Integer> {

    private final Clock clock;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen-port", description = "port (default ${DEFAULT-VALUE})")
    private int port = NameServerConfig.DEFAULT_PORT;

    @Option(names = "--bind", description = "address to listen on (default ${DEFAULT-VALUE})")
    private String bind = "0.0.0.0";

    public NameServerCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        NameServer nameServer = NameServer.start(
                NameServerConfig.builder().bindAddress(bind).listenPort(port).build(), clock, Thread::new);
        return ServerProcess.runUntilStopped(
                nameServer,
                "sluice namesrv: listening on " + nameServer.address(),
                spec.commandLine().getOut());
    }
}
