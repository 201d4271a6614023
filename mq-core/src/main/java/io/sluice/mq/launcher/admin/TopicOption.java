package io.sluice.mq.launcher.admin;

import picocli.CommandLine.Option;

/**
 * {@code -t/--topic}, required: the topic a command works on, declared once for every command that
 * takes it. The help line is "Topic." unless {@code AdminHelp.properties} words it for a command
 * (key {@code sluice.admin.<command>.topic}). A picocli mixin; filled before the command runs.
 */
final class TopicOption {

    @Option(
            names = {"-t", "--topic"},
            required = true,
            descriptionKey = "topic",
            description = "Topic.")
    String topic;
}
