package io.sluice.mq.launcher;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.launcher.admin.AdminCommand;
import io.sluice.mq.launcher.bench.BenchCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sluice} command line: {@code standalone} (nameserver and broker in one JVM),
 * {@code namesrv}, {@code broker}, {@code bench} and {@code admin} (mqadmin's commands). Servers run until the process is asked to stop
 * (SIGTERM or Ctrl-C), then shut down gracefully.
 */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = SluiceMain.Version.class,
        description = "Sluice: a message broker speaking Apache RocketMQ's remoting protocol.",
        subcommands = {
            StandaloneCommand.class,
            NameServerCommand.class,
            BrokerCommand.class,
            BenchCommand.class,
            AdminCommand.class
        })
public final class SluiceMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        // CHECKSTYLE.OFF: BannedApi - the process entry point owns stdout, stderr and the exit status
        int status = run(new SystemClock(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(status);
        // CHECKSTYLE.ON: BannedApi
    }

    /** Runs the command line with {@code clock}, printing to {@code out}/{@code err}; returns the status. */
    public static int run(Clock clock, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new SluiceMain(), new Factory(clock));
        commandLine.setOut(out);
        commandLine.setErr(err);
        // Bad arguments: one line naming the problem (not the whole usage text), status 2.
        commandLine.setParameterExceptionHandler((exception, args1) -> {
            CommandLine failed = exception.getCommandLine();
            failed.getErr()
                    .println(failed.getCommandSpec().qualifiedName() + ": " + exception.getMessage() + " (see --help)");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("sluice: " + exception.getMessage());
            return exception instanceof IllegalArgumentException ? 2 : 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Gives subcommands the injected clock. */
    private record Factory(Clock clock) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getConstructor(Clock.class).newInstance(clock);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = SluiceMain.class.getPackage().getImplementationVersion();
            return new String[] {"sluice " + (version == null ? "development" : version)};
        }
    }
}
