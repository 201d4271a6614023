package io.sluice.mq.launcher.admin;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code -b/--brokerAddr} or {@code -c/--clusterName}: the broker a command acts on, or every master
 * of a cluster (mqadmin's pair), declared once. Help lines are worded per command in {@code
 * AdminHelp.properties} (keys {@code sluice.admin.<command>.brokerAddr} and {@code .clusterName}).
 * A picocli mixin; filled before the command runs.
 */
final class BrokerTarget {

    @Option(
            names = {"-b", "--brokerAddr"},
            descriptionKey = "brokerAddr",
            description = "Broker address ip:port.")
    String brokerAddr;

    @Option(
            names = {"-c", "--clusterName"},
            descriptionKey = "clusterName",
            description = "Every master of this cluster.")
    String cluster;

    /** The named broker, or every master of the named cluster; one of the two is required. */
    List<String> brokers(AdminSession session) {
        return session.brokers(brokerAddr, cluster);
    }
}
