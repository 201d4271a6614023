package io.sluice.mq.launcher.admin;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MqException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One {@code sluice admin} command: opens a client on the nameservers of {@code -n}, lets the
 * command fill a {@link Report}, prints it as text or JSON and closes the client. Client failures
 * become an {@link AdminFailure} (one line, status 1); argument errors an {@link
 * IllegalArgumentException} (status 2). Runs once on the calling thread.
 */
abstract class AdminSubcommand implements Callable<Integer> {

    @Mixin
    AdminOptions options;

    @Spec
    CommandSpec spec;

    protected final Clock clock;

    protected AdminSubcommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public final Integer call() {
        validate();
        Report report = new Report();
        try (MqClient client = new MqClient(options.clientConfig(), clock, RandomGenerator.getDefault())) {
            client.start();
            run(new AdminSession(client, clock), report);
        } catch (MqException e) {
            throw AdminFailure.of(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.render(options.json));
        out.flush();
        return 0;
    }

    /** Checks the options before anything connects; throws {@link IllegalArgumentException}. */
    protected void validate() {}

    /** Does the command's work. */
    protected abstract void run(AdminSession session, Report report);
}
