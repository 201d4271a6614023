package io.sluice.mq.launcher.admin;

import static io.sluice.mq.launcher.admin.Table.col;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MqException;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.ClusterInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Cluster and broker commands: clusterList, brokerStatus, getBrokerConfig, updateBrokerConfig. */
final class ClusterCommands {

    private ClusterCommands() {}

    /** {@code clusterList}: every broker of every cluster with its runtime figures. */
    @Command(
            name = "clusterList",
            mixinStandardHelpOptions = true,
            description = "List brokers by cluster with version, TPS, disk use and oldest message age.")
    public static final class ClusterList extends AdminSubcommand {

        @Option(
                names = {"-c", "--clusterName"},
                description = "Only this cluster.")
        String cluster;

        public ClusterList(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            ClusterInfo info = session.admin().clusterInfo();
            if (cluster != null && !info.clusters().containsKey(cluster)) {
                throw new AdminFailure("cluster " + cluster + " is unknown to the nameservers (known: "
                        + new TreeSet<>(info.clusters().keySet()) + ")");
            }
            Table table = new Table(
                    col("#Cluster Name", "cluster"),
                    col("#Broker Name", "brokerName"),
                    col("#BID", "brokerId"),
                    col("#Addr", "address"),
                    col("#Version", "version"),
                    col("#InTPS(LOAD)", "inTps"),
                    col("#OutTPS(LOAD)", "outTps"),
                    col("#Timer(Progress)", "timerProgress"),
                    col("#PCWait(ms)", "pageCacheWaitMs"),
                    col("#Hour", "oldestMessageAgeHours"),
                    col("#SPACE", "diskRatio"),
                    col("#ACTIVATED", "activated"));
            for (String clusterName : new TreeSet<>(info.clusters().keySet())) {
                if (cluster != null && !cluster.equals(clusterName)) {
                    continue;
                }
                for (String brokerName : new TreeSet<>(info.clusters().get(clusterName))) {
                    BrokerData broker = info.brokers().get(brokerName);
                    if (broker != null) {
                        broker.brokerAddrs()
                                .forEach(
                                        (id, address) -> table.row(row(session, clusterName, brokerName, id, address)));
                    }
                }
            }
            report.table("brokers", table);
        }

        private Object[] row(AdminSession session, String clusterName, String brokerName, long id, String address) {
            Map<String, String> kv;
            try {
                kv = session.admin().brokerRuntimeInfo(address);
            } catch (MqException e) { // shown in the row: one broker down must not hide the others
                return new Object[] {
                    clusterName,
                    brokerName,
                    id,
                    address,
                    "unreachable: " + e.getMessage(),
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-"
                };
            }
            long earliest = parseLong(kv.get("earliestMessageTimeStamp"));
            String hours = earliest <= 0
                    ? "0.00"
                    : String.format(Locale.ROOT, "%.2f", (session.nowMs() - earliest) / 3_600_000.0);
            return new Object[] {
                clusterName,
                brokerName,
                id,
                address,
                kv.getOrDefault("brokerVersionDesc", "-"),
                firstRate(kv.get("putTps")),
                firstRate(kv.getOrDefault("getTransferredTps", kv.get("getTransferedTps"))),
                kv.getOrDefault("timerProgress", "-"),
                kv.getOrDefault("pageCacheLockTimeMills", "-"),
                hours,
                kv.getOrDefault("commitLogDiskRatio", "-"),
                kv.getOrDefault("brokerActive", "true")
            };
        }

        private static String firstRate(String rates) {
            if (rates == null || rates.isBlank()) {
                return "-";
            }
            return String.format(
                    Locale.ROOT, "%.2f", Double.parseDouble(rates.trim().split("\\s+")[0]));
        }

        private static long parseLong(String value) {
            try {
                return value == null ? 0 : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return 0; // a broker that reports no earliest time shows an age of 0 hours
            }
        }
    }

    /** {@code brokerStatus}: the broker's runtime information, key by key. */
    @Command(
            name = "brokerStatus",
            mixinStandardHelpOptions = true,
            description = "Print a broker's runtime information (key : value).")
    public static final class BrokerStatus extends AdminSubcommand {

        @Mixin
        BrokerTarget target;

        public BrokerStatus(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            List<String> brokers = target.brokers(session);
            Map<String, Object> all = new LinkedHashMap<>();
            for (String address : brokers) {
                Map<String, String> kv = session.admin().brokerRuntimeInfo(address);
                String prefix = brokers.size() > 1 ? address + "  " : "";
                kv.forEach((key, value) -> report.line(String.format(Locale.ROOT, "%s%-32s: %s", prefix, key, value)));
                all.put(address, kv);
            }
            report.json("brokers", all);
        }
    }

    /** {@code getBrokerConfig}: every configuration key of a broker. */
    @Command(
            name = "getBrokerConfig",
            mixinStandardHelpOptions = true,
            description = "Print the configuration of a broker or of every master of a cluster.")
    public static final class GetBrokerConfig extends AdminSubcommand {

        @Mixin
        BrokerTarget target;

        public GetBrokerConfig(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            Map<String, Object> all = new LinkedHashMap<>();
            for (String address : target.brokers(session)) {
                Map<String, String> config = new TreeMap<>(session.admin().brokerConfig(address));
                report.line("============" + address + "============");
                config.forEach((key, value) -> report.line(String.format(Locale.ROOT, "%-50s=  %s", key, value)));
                all.put(address, config);
            }
            report.json("brokers", all);
        }
    }

    /** {@code updateBrokerConfig}: changes one key of a running broker. */
    @Command(
            name = "updateBrokerConfig",
            mixinStandardHelpOptions = true,
            description = "Change one configuration key of running brokers (keys safe to change at run time only).")
    public static final class UpdateBrokerConfig extends AdminSubcommand {

        @Mixin
        BrokerTarget target;

        @Option(
                names = {"-k", "--key"},
                required = true,
                description = "Config key.")
        String key;

        @Option(
                names = {"-v", "--value"},
                required = true,
                description = "New value.")
        String value;

        public UpdateBrokerConfig(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            List<String> brokers = target.brokers(session);
            for (String address : brokers) {
                session.admin().updateBrokerConfig(address, Map.of(key.trim(), value.trim()));
                report.line("update broker config success, " + address);
            }
            report.json("updated", brokers).json("key", key.trim()).json("value", value.trim());
        }
    }
}
