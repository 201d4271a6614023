package io.sluice.mq.launcher.admin;

import static io.sluice.mq.launcher.admin.Table.col;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.body.SubscriptionGroupConfig;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Consumer-group commands: updateSubGroup, deleteSubGroup, resetOffsetByTime. */
final class GroupCommands {

    private GroupCommands() {}

    /** {@code updateSubGroup}: creates or changes a consumer group's settings. */
    @Command(
            name = "updateSubGroup",
            mixinStandardHelpOptions = true,
            description = "Create or update a consumer group on a broker (-b) or every master of a cluster (-c).")
    public static final class UpdateSubGroup extends AdminSubcommand {

        @Mixin
        GroupOption groupOption;

        @Mixin
        BrokerTarget target;

        @Option(
                names = {"-s", "--consumeEnable"},
                defaultValue = "true",
                description = "May consume (default true).")
        boolean consumeEnable;

        @Option(
                names = {"-m", "--consumeFromMinEnable"},
                defaultValue = "true",
                description = "Start from the first message when nothing is committed (default true).")
        boolean consumeFromMin;

        @Option(
                names = {"-d", "--consumeBroadcastEnable"},
                defaultValue = "true",
                description = "Broadcasting allowed (default true).")
        boolean broadcast;

        @Option(
                names = {"-o", "--consumeMessageOrderly"},
                defaultValue = "false",
                description = "Orderly.")
        boolean orderly;

        @Option(
                names = {"-q", "--retryQueueNums"},
                defaultValue = "1",
                description = "Retry queues (default 1).")
        int retryQueues;

        @Option(
                names = {"-r", "--retryMaxTimes"},
                defaultValue = "16",
                description = "Deliveries before the dead-letter topic (default 16).")
        int retryMaxTimes;

        @Option(
                names = {"-i", "--brokerId"},
                defaultValue = "0",
                description = "Broker id to consume from.")
        long brokerId;

        @Option(
                names = {"-w", "--whichBrokerWhenConsumeSlowly"},
                defaultValue = "1",
                description = "Broker id to consume from when slow.")
        long slowBrokerId;

        @Option(
                names = {"-a", "--notifyConsumerIdsChanged"},
                defaultValue = "true",
                description = "Tell members when the group changes (default true).")
        boolean notifyChanges;

        public UpdateSubGroup(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            SubscriptionGroupConfig config = new SubscriptionGroupConfig(
                    groupOption.group,
                    consumeEnable,
                    consumeFromMin,
                    broadcast,
                    orderly,
                    retryQueues,
                    retryMaxTimes,
                    brokerId,
                    slowBrokerId,
                    notifyChanges);
            List<String> brokers = target.brokers(session);
            for (String address : brokers) {
                session.admin().createSubscriptionGroup(address, config);
                report.line("create subscription group to " + address + " success.");
            }
            report.line(config.toString());
            report.json("brokers", brokers).json("subscriptionGroupConfig", config.toJson());
        }
    }

    /** {@code deleteSubGroup}: removes a consumer group's settings. */
    @Command(
            name = "deleteSubGroup",
            mixinStandardHelpOptions = true,
            description = "Delete a consumer group from a broker (-b) or every master of a cluster (-c).")
    public static final class DeleteSubGroup extends AdminSubcommand {

        @Mixin
        GroupOption groupOption;

        @Mixin
        BrokerTarget target;

        public DeleteSubGroup(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            List<String> brokers = target.brokers(session);
            for (String address : brokers) {
                session.admin().deleteSubscriptionGroup(address, groupOption.group);
                report.line(
                        "delete subscription group [" + groupOption.group + "] from broker [" + address + "] success.");
            }
            report.json("group", groupOption.group).json("brokers", brokers);
        }
    }

    /** {@code resetOffsetByTime}: moves a group's offsets on a topic to a time, consumers online. */
    @Command(
            name = "resetOffsetByTime",
            mixinStandardHelpOptions = true,
            description = "Move a group's offsets on a topic to the first message stored at or after a time;"
                    + " online consumers follow.")
    public static final class ResetOffsetByTime extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        @Option(
                names = {"-g", "--group"},
                required = true,
                description = "Consumer group.")
        String group;

        @Option(
                names = {"-s", "--timestamp"},
                required = true,
                description = "ms since the epoch, yyyy-MM-dd#HH:mm:ss:SSS, or now.")
        String timestamp;

        @Option(
                names = {"-f", "--force"},
                defaultValue = "true",
                description = "Also move offsets forwards (default true); false only rewinds.")
        boolean force;

        public ResetOffsetByTime(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            long at = Times.parse("-s", timestamp, session.nowMs());
            session.route(topicOption.topic);
            Map<MessageQueue, Long> offsets = session.admin().resetOffsetByTime(group, topicOption.topic, at, force);
            report.line("rollback consumer offset by specified group[" + group + "], topic[" + topicOption.topic
                    + "], force[" + force + "], timestamp(string)[" + timestamp + "], timestamp(long)[" + at + "]");
            Table table =
                    new Table(col("#brokerName", "brokerName"), col("#queueId", "queueId"), col("#offset", "offset"));
            offsets.forEach((queue, offset) -> table.row(queue.brokerName(), queue.queueId(), offset));
            report.table("offsets", table).json("timestamp", at);
        }
    }
}
