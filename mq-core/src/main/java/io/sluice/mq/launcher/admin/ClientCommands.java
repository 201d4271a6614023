package io.sluice.mq.launcher.admin;

import static io.sluice.mq.launcher.admin.Table.col;

import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.body.ClientConnection;
import io.sluice.mq.protocol.body.ConsumerConnectionBody;
import io.sluice.mq.protocol.body.SubscriptionData;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Who consumes and produces: consumerConnection, producerConnection ({@link ConsumerProgress} has its own file). */
final class ClientCommands {

    private ClientCommands() {}

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

        @Mixin
        TopicOption topicOption;

        @Option(
                names = {"-g", "--producerGroup"},
                required = true,
                description = "Producer group.")
        String group;

        public ProducerConnection(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            session.route(topicOption.topic);
            List<ClientConnection> connections = session.admin().producerConnections(group, topicOption.topic);
            if (connections.isEmpty()) {
                throw new AdminFailure(
                        "producer group " + group + " is not online on the brokers of topic " + topicOption.topic);
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
