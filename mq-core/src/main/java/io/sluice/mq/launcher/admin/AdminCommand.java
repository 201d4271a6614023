package io.sluice.mq.launcher.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sluice admin}: mqadmin's everyday commands with its option letters and columns, plus
 * {@code --json} for scripts. Works against Sluice and, for the read-only commands, Apache RocketMQ.
 * Options several commands share are declared once in mixins ({@link AdminOptions}, {@link
 * TopicOption}, {@link BrokerTarget}, {@link GroupOption}, {@link BodyDump}); the resource bundle
 * {@code AdminHelp} words their help per command where a command says it differently.
 */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        resourceBundle = "io.sluice.mq.launcher.admin.AdminHelp",
        description = "mqadmin-compatible administration: topics, groups, messages, brokers (add --json for JSON).",
        subcommands = {
            ClusterCommands.ClusterList.class,
            ClusterCommands.BrokerStatus.class,
            ClusterCommands.GetBrokerConfig.class,
            ClusterCommands.UpdateBrokerConfig.class,
            TopicCommands.TopicList.class,
            TopicCommands.TopicRoute.class,
            TopicCommands.TopicStatus.class,
            TopicCommands.UpdateTopic.class,
            TopicCommands.DeleteTopic.class,
            GroupCommands.UpdateSubGroup.class,
            GroupCommands.DeleteSubGroup.class,
            GroupCommands.ResetOffsetByTime.class,
            ConsumerProgress.class,
            ClientCommands.ConsumerConnection.class,
            ClientCommands.ProducerConnection.class,
            MessageCommands.SendMessage.class,
            MessageCommands.QueryMsgById.class,
            MessageCommands.QueryMsgByKey.class,
            MessageCommands.QueryMsgByUniqueKey.class,
            MessageCommands.QueryMsgByOffset.class,
            ReadCommands.PrintMsg.class,
            ReadCommands.ConsumeMessage.class
        })
public final class AdminCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
