package io.sluice.mq.launcher.admin;

import picocli.CommandLine.Option;

/**
 * {@code -g/--groupName}, required: the consumer group a group command changes, declared once. A
 * picocli mixin; filled before the command runs.
 */
final class GroupOption {

    @Option(
            names = {"-g", "--groupName"},
            required = true,
            description = "Consumer group.")
    String group;
}
