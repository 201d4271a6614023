package io.sluice.mq.launcher.admin;

import static io.sluice.mq.launcher.admin.Table.col;

import io.sluice.mq.client.admin.GroupProgress;
import io.sluice.mq.client.admin.QueueLag;
import io.sluice.mq.client.admin.QueueOwners;
import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.body.ConsumerConnectionBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code consumerProgress}: a group's progress per queue (mqadmin's columns, plus {@code
 * #LagSeconds}), its consume TPS and in-flight total; with {@code -s} the IP of the consumer holding
 * each queue, which every online consumer reports through its broker (GET_CONSUMER_RUNNING_INFO).
 * Without {@code -g}, every group's totals. A rate the brokers have not measured yet prints as
 * {@code -} (in JSON {@code consumeTpsMeasured: false} and no {@code consumeTps}), never as a 0 that looks measured. Runs once.
 */
@Command(
        name = "consumerProgress",
        mixinStandardHelpOptions = true,
        description = "A group's progress per queue: broker offset, consumer offset, diff, in flight, lag in seconds;"
                + " without -g every group's diff total.")
public final class ConsumerProgress extends AdminSubcommand {

    private static final String RETRY_PREFIX = "%RETRY%";
    private static final String NOT_MEASURED = "-";

    @Option(
            names = {"-g", "--groupName"},
            description = "Consumer group.")
    String group;

    @Option(
            names = {"-t", "--topicName"},
            description = "Only this topic.")
    String topic;

    @Option(
            names = {"-s", "--showClientIP"},
            arity = "0..1",
            fallbackValue = "true",
            description = "Add the IP of the consumer holding each queue (#Client IP), as the consumers report it.")
    boolean showClientIp;

    public ConsumerProgress(Clock clock) {
        super(clock);
    }

    @Override
    protected void run(AdminSession session, Report report) {
        if (group == null) {
            allGroups(session, report);
            return;
        }
        GroupProgress progress = session.admin().groupProgress(group);
        List<QueueLag> queues = progress.queues().stream()
                .filter(lag -> topic == null || topic.equals(lag.queue().topic()))
                .toList();
        if (queues.isEmpty()) {
            throw new AdminFailure("consumer group " + group + " has no offsets and no online members"
                    + (topic == null ? "" : " on topic " + topic) + " on any broker");
        }
        QueueOwners owners = showClientIp ? session.admin().queueOwners(group) : null;
        Table table = new Table(columns());
        long diffTotal = 0;
        long inflightTotal = 0;
        for (QueueLag lag : queues) {
            List<Object> row = new ArrayList<>(List.of(
                    lag.queue().topic(),
                    lag.queue().brokerName(),
                    lag.queue().queueId(),
                    lag.maxOffset(),
                    lag.committed().orElse(0)));
            if (owners != null) {
                String ip = owners.clientIp(lag.queue());
                row.add(ip == null ? "N/A" : ip);
            }
            row.add(lag.lag());
            row.add(lag.inflight() < 0 ? NOT_MEASURED : lag.inflight());
            row.add(lag.lagSeconds());
            row.add(Times.format(lag.lastConsumedTimestamp()));
            table.row(row.toArray());
            diffTotal += lag.lag();
            inflightTotal += Math.max(0, lag.inflight());
        }
        report.table("queues", table);
        report.line("");
        report.line("Consume TPS: " + tps(progress));
        if (progress.tpsMeasured()) {
            report.json("consumeTps", progress.consumeTps());
        }
        report.json("consumeTpsMeasured", progress.tpsMeasured());
        report.field("Consume Diff Total", "diffTotal", diffTotal);
        report.field("Consume Inflight Total", "inflightTotal", inflightTotal);
        if (owners != null) {
            for (Map.Entry<String, String> silent : owners.unanswered().entrySet()) {
                report.line("consumer " + silent.getKey() + " did not report its queues: " + silent.getValue());
            }
            report.json("unansweredConsumers", owners.unanswered());
        }
    }

    private Table.Column[] columns() {
        List<Table.Column> columns = new ArrayList<>(List.of(
                col("#Topic", "topic"),
                col("#Broker Name", "brokerName"),
                col("#QID", "queueId"),
                col("#Broker Offset", "brokerOffset"),
                col("#Consumer Offset", "consumerOffset")));
        if (showClientIp) {
            columns.add(col("#Client IP", "clientIp"));
        }
        columns.add(col("#Diff", "diff"));
        columns.add(col("#Inflight", "inflight"));
        columns.add(col("#LagSeconds", "lagSeconds"));
        columns.add(col("#LastTime", "lastTime"));
        return columns.toArray(Table.Column[]::new);
    }

    /** mqadmin's "%.2f", or "-" when no broker measured the rate yet. */
    private static String tps(GroupProgress progress) {
        return progress.tpsMeasured() ? String.format(Locale.ROOT, "%.2f", progress.consumeTps()) : NOT_MEASURED;
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
            GroupProgress progress = session.admin().groupProgress(name);
            long diff = progress.queues().stream().mapToLong(QueueLag::lag).sum();
            Optional<ConsumerConnectionBody> online = session.admin().consumerConnections(name);
            table.row(
                    name,
                    online.map(c -> c.connections().size()).orElse(0),
                    online.flatMap(c -> c.connections().stream().findFirst())
                            .map(c -> String.valueOf(c.version()))
                            .orElse("OFFLINE"),
                    online.map(ConsumerConnectionBody::consumeType).orElse("-"),
                    online.map(ConsumerConnectionBody::messageModel).orElse("-"),
                    tps(progress),
                    diff);
        }
        report.table("groups", table);
    }
}
