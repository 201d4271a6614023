package io.sluice.mq.launcher.admin;

import io.sluice.mq.client.ClientConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options every {@code sluice admin} command takes: the nameservers ({@code -n}, as mqadmin; the
 * {@code NAMESRV_ADDR} environment variable is the default), {@code --json} and the request timeout.
 * Filled by picocli before the command runs; not thread-safe.
 */
public final class AdminOptions {

    @Option(
            names = {"-n", "--namesrvAddr"},
            paramLabel = "<host:port[;host:port]>",
            defaultValue = "${env:NAMESRV_ADDR:-127.0.0.1:9876}",
            description = "Nameservers, ';'-separated (default: $NAMESRV_ADDR or ${DEFAULT-VALUE}).")
    String namesrvAddr;

    @Option(names = "--json", description = "Print the result as one JSON document instead of text.")
    boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "<ms>",
            defaultValue = "5000",
            description = "Timeout of each request in ms (default ${DEFAULT-VALUE}).")
    long timeoutMs;

    /** The client settings of one command run. */
    ClientConfig clientConfig() {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("--timeout must be > 0 ms, was " + timeoutMs);
        }
        List<String> addresses = Arrays.stream(namesrvAddr.split(";"))
                .map(String::trim)
                .filter(address -> !address.isEmpty())
                .toList();
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("-n needs at least one nameserver host:port");
        }
        return ClientConfig.builder(addresses)
                .instanceName("sluice-admin-" + ProcessHandle.current().pid())
                .requestTimeout(Duration.ofMillis(timeoutMs))
                .build();
    }
}
