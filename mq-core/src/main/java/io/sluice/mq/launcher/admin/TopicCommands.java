package io.sluice.mq.launcher.admin;

import static io.sluice.mq.launcher.admin.Table.col;

import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.ClusterInfo;
import io.sluice.mq.protocol.body.QueueData;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.body.TopicRouteData;
import io.sluice.mq.protocol.body.TopicStatsBody;
import io.sluice.mq.protocol.json.JsonWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Topic commands: topicList, topicRoute, topicStatus, updateTopic, deleteTopic. */
final class TopicCommands {

    private TopicCommands() {}

    /**
     * {@code topicList}: every topic the nameservers route; with {@code -c} mqadmin's cluster,
     * topic and consumer-group table (one row per group, an empty group cell for a topic nobody
     * consumes; retry and dead-letter topics left out, as mqadmin does). The groups come from
     * QUERY_TOPIC_CONSUME_BY_WHO (300) on the topic's masters.
     */
    @Command(name = "topicList", mixinStandardHelpOptions = true, description = "List every topic.")
    public static final class TopicList extends AdminSubcommand {

        private static final String RETRY_PREFIX = "%RETRY%";
        private static final String DLQ_PREFIX = "%DLQ%";

        @Option(
                names = {"-c", "--clusterModel"},
                description = "Also print the cluster of each topic.")
        boolean clusterModel;

        public TopicList(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            Set<String> topics = session.admin().topicList();
            if (!clusterModel) {
                topics.forEach(report::line);
                report.json("topics", List.copyOf(topics));
                return;
            }
            Map<String, String> clusterOf = clusters(session);
            Table table = new Table(
                    col("#Cluster Name", "cluster"), col("#Topic", "topic"), col("#Consumer Group", "consumerGroup"));
            for (String topic : new TreeSet<>(topics)) {
                if (topic.startsWith(RETRY_PREFIX) || topic.startsWith(DLQ_PREFIX)) {
                    continue;
                }
                String cluster = clusterOf.getOrDefault(topic, "");
                Set<String> groups = session.admin().topicConsumers(topic);
                if (groups.isEmpty()) {
                    table.row(cluster, topic, "");
                }
                for (String group : groups) {
                    table.row(cluster, topic, group);
                }
            }
            report.table("topics", table);
        }

        /** The cluster of every topic a master holds. */
        private static Map<String, String> clusters(AdminSession session) {
            ClusterInfo info = session.admin().clusterInfo();
            Map<String, String> clusterOf = new TreeMap<>();
            for (Map.Entry<String, TopicConfigTable> broker :
                    session.admin().allTopicConfigs().entrySet()) {
                BrokerData data = info.brokers().get(broker.getKey());
                for (String topic : broker.getValue().topics().keySet()) {
                    clusterOf.putIfAbsent(topic, data == null ? "" : data.cluster());
                }
            }
            return clusterOf;
        }
    }

    /** {@code topicRoute}: where a topic lives. */
    @Command(
            name = "topicRoute",
            mixinStandardHelpOptions = true,
            description = "Print a topic's route: brokers, addresses, queue counts, permission.")
    public static final class TopicRoute extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        @Option(
                names = {"-l", "--list"},
                description = "Print a table instead of the route JSON.")
        boolean list;

        public TopicRoute(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            TopicRouteData route = session.route(topicOption.topic);
            Table table = new Table(
                    col("#ClusterName", "cluster"),
                    col("#BrokerName", "brokerName"),
                    col("#BrokerAddr", "brokerAddr"),
                    col("#ReadQueueNums", "readQueueNums"),
                    col("#WriteQueueNums", "writeQueueNums"),
                    col("#Perm", "perm"));
            for (QueueData queues : route.queueDatas()) {
                for (BrokerData broker : route.brokerDatas()) {
                    if (broker.brokerName().equals(queues.brokerName())) {
                        table.row(
                                broker.cluster(),
                                broker.brokerName(),
                                String.valueOf(broker.masterAddress()),
                                queues.readQueueNums(),
                                queues.writeQueueNums(),
                                queues.perm());
                    }
                }
            }
            if (list) {
                report.table("queues", table);
            } else {
                report.line(JsonWriter.write(route));
                report.json("queues", table.json());
            }
            report.json("route", route);
        }
    }

    /** {@code topicStatus}: min and max offset and last update time of every queue. */
    @Command(
            name = "topicStatus",
            mixinStandardHelpOptions = true,
            description = "Print min offset, max offset and last update time of each queue of a topic.")
    public static final class TopicStatus extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        public TopicStatus(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            session.route(topicOption.topic);
            Table table = new Table(
                    col("#Broker Name", "brokerName"),
                    col("#QID", "queueId"),
                    col("#Min Offset", "minOffset"),
                    col("#Max Offset", "maxOffset"),
                    col("#Last Updated", "lastUpdated"));
            for (TopicStatsBody.Entry entry : session.admin().topicStats(topicOption.topic)) {
                table.row(
                        entry.queue().brokerName(),
                        entry.queue().queueId(),
                        entry.minOffset(),
                        entry.maxOffset(),
                        Times.format(entry.lastUpdateTimestamp()));
            }
            report.table("queues", table);
        }
    }

    /** {@code updateTopic}: creates or changes a topic on a broker or on every master of a cluster. */
    @Command(
            name = "updateTopic",
            mixinStandardHelpOptions = true,
            description = "Create or update a topic on a broker (-b) or every master of a cluster (-c).")
    public static final class UpdateTopic extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        @Mixin
        BrokerTarget target;

        @Option(
                names = {"-r", "--readQueueNums"},
                defaultValue = "8",
                description = "Read queues (default 8).")
        int readQueues;

        @Option(
                names = {"-w", "--writeQueueNums"},
                defaultValue = "8",
                description = "Write queues (default 8).")
        int writeQueues;

        @Option(
                names = {"-p", "--perm"},
                defaultValue = "6",
                description = "Permission: 2 W, 4 R, 6 RW (default 6).")
        int perm;

        @Option(
                names = {"-o", "--order"},
                defaultValue = "false",
                description = "Ordered topic (true|false).")
        boolean order;

        public UpdateTopic(Clock clock) {
            super(clock);
        }

        @Override
        protected void validate() {
            if (readQueues <= 0 || writeQueues <= 0) {
                throw new IllegalArgumentException("-r and -w must be > 0, were " + readQueues + " and " + writeQueues);
            }
        }

        @Override
        protected void run(AdminSession session, Report report) {
            NewTopic newTopic = new NewTopic(topicOption.topic, readQueues, writeQueues, perm, order, null);
            List<String> brokers = target.brokers(session);
            for (String address : brokers) {
                session.admin().createTopicAt(address, newTopic);
                report.line("create topic to " + address + " success.");
            }
            TopicConfig config =
                    new TopicConfig(topicOption.topic, readQueues, writeQueues, perm, TopicConfig.SINGLE_TAG, 0, order);
            report.line(config.toString());
            report.json("brokers", brokers).json("topicConfig", config);
        }
    }

    /** {@code deleteTopic}: removes a topic from every master of a cluster and from the nameservers. */
    @Command(
            name = "deleteTopic",
            mixinStandardHelpOptions = true,
            description = "Delete a topic from every master of a cluster, then from the nameservers.")
    public static final class DeleteTopic extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        @Option(
                names = {"-c", "--clusterName"},
                required = true,
                description = "Cluster name.")
        String cluster;

        public DeleteTopic(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            session.route(topicOption.topic);
            List<String> brokers = session.admin().deleteTopic(topicOption.topic, cluster);
            report.line("delete topic [" + topicOption.topic + "] from cluster [" + cluster + "] success.");
            report.line("delete topic [" + topicOption.topic + "] from NameServer success.");
            report.json("topic", topicOption.topic).json("cluster", cluster).json("brokers", brokers);
        }
    }
}
