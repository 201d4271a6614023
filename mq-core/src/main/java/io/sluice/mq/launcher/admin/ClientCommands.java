package io.sluice.mq.launcher.admin;

import static io.sluice.mq.launcher.admin.Table.col;

import io.sluice.mq.client.admin.QueueLag;
import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.body.ClientConnection;
import io.sluice.mq.protocol.body.ConsumerConnectionBody;
import io.sluice.mq.protocol.body.SubscriptionData;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Who consumes and produces: consumerProgress, consumerConnection, producerConnection. */
final class ClientCommands {

    private static final String RETRY_PREFIX = "%RETRY%";

    private ClientCommands() {}

    /** {@code consumerProgress}: a group's lag per queue, or every group's total. */
    @Command(
            name = "consumerProgress",
            mixinStandardHelpOptions = true,
            description = "A group's progress per queue: broker offset, consumer offset, diff, lag in seconds;"
                    + " without -g every group's diff total.")
    public static final class ConsumerProgress extends AdminSubcommand {

        @Option(
                names = {"-g", "--groupName"},
                description = "Consumer group.")
        String group;

        @Option(
                names = {"-t", "--topicName"},
                description = "Only this topic.")
        String topic;

        public ConsumerProgress(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            if (group == null) {
                allGroups(session, report);
                return;
            }
            List<QueueLag> progress = session.admin().consumerProgress(group).stream()
                    .filter(lag -> topic == null || topic.equals(lag.queue().topic()))
                    .toList();
            if (progress.isEmpty()) {
                throw new AdminFailure("consumer group " + group + " has no offsets and no online members"
                        + (topic == null ? "" : " on topic " + topic) + " on any broker");
            }
            Table table = new Table(
                    col("#Topic", "topic"),
                    col("#Broker Name", "brokerName"),
                    col("#QID", "queueId"),
                    col("#Broker Offset", "brokerOffset"),
                    col("#Consumer Offset", "consumerOffset"),
                    col("#Diff", "diff"),
                    col("#LagSeconds", "lagSeconds"),
                    col("#LastTime", "lastTime"));
            long diffTotal = 0;
            for (QueueLag lag : progress) {
                table.row(
                        lag.queue().topic(),
                        lag.queue().brokerName(),
                        lag.queue().queueId(),
                        lag.maxOffset(),
                        lag.committed().orElse(0),
                        lag.lag(),
                        lag.lagSeconds(),
                        Times.format(lag.lastConsumedTimestamp()));
                diffTotal += lag.lag();
            }
            report.table("queues", table);
            report.line("");
            report.field("Consume TPS", "consumeTps", "0.00");
            report.field("Consume Diff Total", "diffTotal", diffTotal);
        }

        private void allGroups(AdminSession session, Report report) {
            Table table = new Table(
                    col("#Group", "group"),
                    col("#Count", "count"),
                    col("#Version", "version"),
                    col("#Type", "consumeType"),
                    col("#Model", "messageModel"),
                    col("#TPS", "tps"),
                    col("#Diff Total", "diffTotal"));
            for (String retryTopic : session.admin().topicList()) {
                if (!retryTopic.startsWith(RETRY_PREFIX)) {
                    continue;
                }
                String name = retryTopic.substring(RETRY_PREFIX.length());
                long diff = session.admin().consumerProgress(name).stream()
                        .mapToLong(QueueLag::lag)
                        .sum();
                Optional<ConsumerConnectionBody> online = session.admin().consumerConnections(name);
                table.row(
                        name,
                        online.map(c -> c.connections().size()).orElse(0),
                        online.flatMap(c -> c.connections().stream().findFirst())
                                .map(c -> String.valueOf(c.version()))
                                .orElse("OFFLINE"),
                        online.map(ConsumerConnectionBody::consumeType).orElse("-"),
                        online.map(ConsumerConnectionBody::messageModel).orElse("-"),
                        "0.00",
                        diff);
            }
            report.table("groups", table);
        }
    }

    /** {@code consumerConnection}: a group's online members and subscriptions. */
    @Command(
            name = "consumerConnection",
            mixinStandardHelpOptions = true,
            description = "A consumer group's online members, their subscriptions and consume settings.")
    public static final class ConsumerConnection extends AdminSubcommand {

        @Option(
                names = {"-g", "--consumerGroup"},
                required = true,
                description = "Consumer group.")
        String group;

        public ConsumerConnection(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            ConsumerConnectionBody body = session.admin()
                    .consumerConnections(group)
                    .orElseThrow(() -> new AdminFailure("consumer group " + group + " is not online on any broker"));
            report.table("connections", connections(body.connections()));
            report.line("");
            report.line("Below is subscription:");
            Table subscriptions = new Table(col("#Topic", "topic"), col("#SubExpression", "subExpression"));
            for (SubscriptionData subscription : body.subscriptions().values()) {
                subscriptions.row(subscription.topic(), subscription.expression());
            }
            report.table("subscriptions", subscriptions);
            report.line("");
            report.field("ConsumeType", "consumeType", body.consumeType());
            report.field("MessageModel", "messageModel", body.messageModel());
            report.field("ConsumeFromWhere", "consumeFromWhere", body.consumeFromWhere());
        }
    }

    /** {@code producerConnection}: a producer group's online members. */
    @Command(
            name = "producerConnection",
            mixinStandardHelpOptions = true,
            description = "A producer group's online members on the brokers of a topic.")
    public static final class ProducerConnection extends AdminSubcommand {

        @Option(
                names = {"-g", "--producerGroup"},
                required = true,
                description = "Producer group.")
        String group;

        @Option(
                names = {"-t", "--topic"},
                required = true,
                description = "A topic the group produces to.")
        String topic;

        public ProducerConnection(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            session.route(topic);
            List<ClientConnection> connections = session.admin().producerConnections(group, topic);
            if (connections.isEmpty()) {
                throw new AdminFailure("producer group " + group + " is not online on the brokers of topic " + topic);
            }
            report.table("connections", connections(connections));
        }
    }

    private static Table connections(List<ClientConnection> connections) {
        Table table = new Table(
                col("#ClientId", "clientId"),
                col("#ClientAddr", "clientAddr"),
                col("#Language", "language"),
                col("#Version", "version"));
        for (ClientConnection connection : connections) {
            table.row(connection.clientId(), connection.clientAddr(), connection.language(), connection.version());
        }
        return table;
    }
}
