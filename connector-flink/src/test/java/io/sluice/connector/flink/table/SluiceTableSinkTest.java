package io.sluice.connector.flink.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.connector.flink.source.EmbeddedSluice;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.consumer.StartPosition;
import io.sluice.mq.client.transaction.TransactionListing;
import io.sluice.mq.common.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code INSERT INTO} a {@code 'connector' = 'sluice'} table on a MiniCluster over an in-process
 * Sluice broker: bodies in the table's format, tag / keys / properties from options and metadata
 * columns, order per key, EXACTLY_ONCE across an injected failure, round trips through the SQL
 * source (json, avro), and what the planner refuses (read-only metadata, updates).
 */
class SluiceTableSinkTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    /** Failure points that fired, shared with the map function (one JVM). */
    private static final Set<Long> FIRED = ConcurrentHashMap.newKeySet();

    private static final AtomicInteger READERS = new AtomicInteger();

    @TempDir
    static Path dir;

    static EmbeddedSluice sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = new EmbeddedSluice(dir);
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static StreamExecutionEnvironment environment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** A sluice table writing {@code topic} with {@code columns}, {@code format} and extra options. */
    private static String sinkDdl(String table, String columns, String topic, String format, String... extra) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ")
                .append(table)
                .append(" (")
                .append(columns)
                .append(") WITH ('connector' = 'sluice', 'nameserver-address' = '")
                .append(sluice.namesrv())
                .append("', 'topic' = '")
                .append(topic)
                .append("', 'format' = '")
                .append(format)
                .append('\'');
        for (int i = 0; i + 1 < extra.length; i += 2) {
            sql.append(", '")
                    .append(extra[i])
                    .append("' = '")
                    .append(extra[i + 1])
                    .append('\'');
        }
        return sql.append(')').toString();
    }

    /** A table both written and read (bounded, to the end at start). */
    private static String readWriteDdl(String table, String columns, String topic, String format) {
        return sinkDdl(
                table,
                columns,
                topic,
                format,
                "scan.consumer-group",
                "g-" + table,
                "scan.bounded.mode",
                "latest-offset");
    }

    /**
     * Every message of {@code topic}, read with Sluice's client until at least {@code atLeast} are
     * read and every queue is read to its end (so duplicates would show); queue by queue, in
     * offset order.
     */
    static List<ReceivedMessage> readAll(String topic, int atLeast) {
        List<ReceivedMessage> read = new ArrayList<>();
        ConsumerConfig config = ConsumerConfig.builder("table_sink_reader_" + READERS.incrementAndGet())
                .pullSuspend(Duration.ofMillis(500))
                .startPosition(StartPosition.first())
                .build();
        try (Consumer consumer = sluice.client().newConsumer(config)) {
            List<MessageQueue> queues = consumer.fetchQueues(topic);
            consumer.assign(queues);
            consumer.seekToBeginning(queues);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean done = false;
            while (!done && System.nanoTime() < deadline) {
                read.addAll(consumer.poll(Duration.ofMillis(200)));
                done = read.size() >= atLeast
                        && queues.stream().allMatch(q -> consumer.position(q) == consumer.maxOffset(q));
            }
            assertThat(done)
                    .as("%s messages read from %s, got %s", atLeast, topic, read.size())
                    .isTrue();
        }
        read.sort(Comparator.comparing((ReceivedMessage m) -> m.queue().queueId())
                .thenComparingLong(ReceivedMessage::queueOffset));
        return read;
    }

    private static String body(ReceivedMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    private static ReceivedMessage withBody(List<ReceivedMessage> messages, String fragment) {
        return messages.stream()
                .filter(m -> body(m).contains(fragment))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no message with " + fragment));
    }

    @Test
    void insertWritesBodiesTagsKeysAndPropertiesFromOptionsAndMetadataColumns() throws Exception {
        sluice.createTopic("sql-out", 2);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(environment(2));
        tEnv.executeSql(sinkDdl(
                "sql_out",
                "id STRING, cents BIGINT, `tag` STRING METADATA, `keys` ARRAY<STRING> METADATA,"
                        + " props MAP<STRING, STRING> METADATA FROM 'properties',"
                        + " msg_id STRING METADATA VIRTUAL",
                "sql-out",
                "json",
                "sink.tag",
                "default-tag",
                "sink.keys.fields",
                "id",
                "sink.properties",
                "source:sql,region:none"));

        tEnv.executeSql("INSERT INTO sql_out VALUES"
                        + " ('o1', 100, 'paid', ARRAY['extra1'], MAP['region', 'eu', 'UNIQ_KEY', 'copied']),"
                        + " ('o2', 200, CAST(NULL AS STRING), CAST(NULL AS ARRAY<STRING>),"
                        + " CAST(NULL AS MAP<STRING, STRING>))")
                .await();

        List<ReceivedMessage> written = readAll("sql-out", 2);
        assertThat(written).hasSize(2);
        ReceivedMessage o1 = withBody(written, "\"o1\"");
        assertThat(body(o1)).isEqualTo("{\"id\":\"o1\",\"cents\":100}");
        assertThat(o1.tags()).isEqualTo("paid");
        assertThat(o1.keys()).containsExactly("o1", "extra1");
        assertThat(o1.property("source")).isEqualTo("sql");
        assertThat(o1.property("region"))
                .as("the column overrides 'sink.properties'")
                .isEqualTo("eu");
        assertThat(o1.property("UNIQ_KEY")).as("system names are the client's").isNotEqualTo("copied");
        ReceivedMessage o2 = withBody(written, "\"o2\"");
        assertThat(body(o2)).isEqualTo("{\"id\":\"o2\",\"cents\":200}");
        assertThat(o2.tags()).isEqualTo("default-tag");
        assertThat(o2.keys()).containsExactly("o2");
        assertThat(o2.property("region")).isEqualTo("none");
    }

    @Test
    void queueByKeyKeepsEveryKeysRowsOnOneQueueInInsertOrder() throws Exception {
        sluice.createTopic("sql-ordered", 4);
        int count = 400;
        StreamExecutionEnvironment env = environment(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.createTemporaryView("numbers", env.fromSequence(0, count - 1));
        tEnv.executeSql(sinkDdl(
                "sql_ordered",
                "customer STRING, seq BIGINT",
                "sql-ordered",
                "json",
                "sink.keys.fields",
                "customer",
                "sink.queue-by",
                "key",
                "sink.send-retries",
                "0"));

        tEnv.executeSql("INSERT INTO sql_ordered SELECT CONCAT('c', CAST(f0 % 7 AS STRING)), f0 FROM numbers")
                .await();

        List<ReceivedMessage> written = readAll("sql-ordered", count);
        assertThat(written).hasSize(count);
        Map<String, List<ReceivedMessage>> byCustomer =
                written.stream().collect(Collectors.groupingBy(m -> m.keys().get(0)));
        assertThat(byCustomer).hasSize(7);
        byCustomer.forEach((customer, messages) -> {
            assertThat(messages.stream().map(m -> m.queue().queueId()).distinct())
                    .as("queues of %s", customer)
                    .hasSize(1);
            List<Long> seqs = messages.stream()
                    .map(m -> Long.parseLong(body(m).replaceAll(".*\"seq\":(\\d+).*", "$1")))
                    .toList();
            assertThat(seqs).as("order of %s", customer).isSorted();
        });
    }

    @Test
    void exactlyOnceWritesEveryRowOnceAcrossAnInjectedFailure() throws Exception {
        sluice.createTopic("sql-eo", 4);
        int count = 2000;
        String prefix = "sqleo_" + System.nanoTime();
        StreamExecutionEnvironment env = environment(2);
        env.enableCheckpointing(100);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.createTemporaryView(
                "ids",
                env.fromSource(
                                new DataGeneratorSource<>(
                                        i -> i, count, RateLimiterStrategy.perSecond(1000), Types.LONG),
                                WatermarkStrategy.noWatermarks(),
                                "ids")
                        .map(new FailOnceAt(count / 2)));
        tEnv.executeSql(sinkDdl(
                "sql_eo",
                "id BIGINT",
                "sql-eo",
                "json",
                "sink.delivery-guarantee",
                "exactly-once",
                "sink.transactional-id-prefix",
                prefix,
                "sink.transaction-timeout",
                "2 min"));
        FIRED.clear();

        tEnv.executeSql("INSERT INTO sql_eo SELECT f0 FROM ids").await();

        assertThat(FIRED).containsExactly((long) count / 2);
        List<String> ids = readAll("sql-eo", count).stream()
                .map(m -> body(m).replaceAll("\\D", ""))
                .toList();
        assertThat(ids).as("rows in the output, duplicates included").hasSize(count);
        assertThat(new TreeSet<>(ids))
                .isEqualTo(LongStream.range(0, count).mapToObj(Long::toString).collect(Collectors.toSet()));
        assertThat(sluice.client().listTransactions(prefix + "-", TransactionListing.OPEN, "sql-eo"))
                .as("transactions left open")
                .isEmpty();
    }

    @Test
    void jsonRoundTripThroughTheSqlSinkAndTheSqlSource() throws Exception {
        sluice.createTopic("sql-trip-json", 2);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(environment(2));
        String columns = "id STRING, cents BIGINT, `tag` STRING METADATA, `keys` ARRAY<STRING> METADATA,"
                + " props MAP<STRING, STRING> METADATA FROM 'properties',"
                + " queue_offset BIGINT METADATA VIRTUAL";
        tEnv.executeSql(readWriteDdl("trip_json", columns, "sql-trip-json", "json"));

        tEnv.executeSql("INSERT INTO trip_json VALUES ('j1', 1, 'a', ARRAY['k1'], MAP['p', 'v1']),"
                        + " ('j2', 2, 'b', ARRAY['k2', 'k2b'], MAP['p', 'v2'])")
                .await();

        List<Row> rows = SluiceTableSourceTest.collect(
                tEnv, "SELECT id, cents, `tag`, `keys`, props['p'], queue_offset FROM trip_json");
        rows.sort(Comparator.comparing(row -> (String) row.getField(0)));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getField(1)).isEqualTo(1L);
        assertThat(rows.get(0).getField(2)).isEqualTo("a");
        assertThat((String[]) rows.get(0).getField(3)).containsExactly("k1");
        assertThat(rows.get(0).getField(4)).isEqualTo("v1");
        assertThat(rows.get(1).getField(1)).isEqualTo(2L);
        assertThat(rows.get(1).getField(2)).isEqualTo("b");
        assertThat((String[]) rows.get(1).getField(3)).containsExactly("k2", "k2b");
        assertThat(rows.get(1).getField(4)).isEqualTo("v2");
    }

    @Test
    void avroRoundTripAndCopyBetweenTablesKeepsMetadata() throws Exception {
        sluice.createTopic("sql-trip-avro", 2);
        sluice.createTopic("sql-trip-avro-copy", 2);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(environment(2));
        String columns = "id STRING NOT NULL, cents BIGINT NOT NULL, `tag` STRING METADATA,"
                + " props MAP<STRING, STRING> METADATA FROM 'properties'";
        tEnv.executeSql(readWriteDdl("trip_avro", columns, "sql-trip-avro", "avro"));
        tEnv.executeSql(readWriteDdl("trip_avro_copy", columns, "sql-trip-avro-copy", "avro"));

        tEnv.executeSql("INSERT INTO trip_avro VALUES ('v1', 10, 'x', MAP['p', '1']), ('v2', 20, 'y', MAP['p', '2'])")
                .await();
        // A copy carries every property the source read, system ones included; the sink skips those.
        tEnv.executeSql("INSERT INTO trip_avro_copy SELECT * FROM trip_avro").await();

        List<Row> rows = SluiceTableSourceTest.collect(tEnv, "SELECT id, cents, `tag`, props['p'] FROM trip_avro_copy");
        rows.sort(Comparator.comparing(row -> (String) row.getField(0)));
        assertThat(rows).extracting(row -> row.getField(0)).containsExactly("v1", "v2");
        assertThat(rows).extracting(row -> row.getField(1)).containsExactly(10L, 20L);
        assertThat(rows).extracting(row -> row.getField(2)).containsExactly("x", "y");
        assertThat(rows).extracting(row -> row.getField(3)).containsExactly("1", "2");
    }

    @Test
    void delayLevelAndDeliverTimeColumnsDelayTheirRows() throws Exception {
        sluice.createTopic("sql-delayed", 1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(environment(1));
        tEnv.executeSql(sinkDdl(
                "sql_delayed",
                "id STRING, delay_level INT METADATA, deliver_time TIMESTAMP_LTZ(3) METADATA",
                "sql-delayed",
                "raw"));
        long deliverAt = System.currentTimeMillis() + 1000;

        tEnv.executeSql("INSERT INTO sql_delayed VALUES ('by-level', 1, CAST(NULL AS TIMESTAMP_LTZ(3))),"
                        + " ('by-time', CAST(NULL AS INT), TO_TIMESTAMP_LTZ(" + deliverAt + ", 3)),"
                        + " ('now', CAST(NULL AS INT), CAST(NULL AS TIMESTAMP_LTZ(3)))")
                .await();

        List<ReceivedMessage> written = readAll("sql-delayed", 3);
        assertThat(withBody(written, "by-level").property("DELAY")).isEqualTo("1");
        assertThat(withBody(written, "by-time").property("TIMER_DELIVER_MS")).isEqualTo(Long.toString(deliverAt));
        assertThat(withBody(written, "now").property("DELAY")).isNull();
        assertThat(withBody(written, "now").property("TIMER_DELIVER_MS")).isNull();
    }

    @Test
    void aRowTheClientCannotSendFailsTheJobNamingItsColumn() throws Exception {
        sluice.createTopic("sql-bad-rows", 1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(environment(1));
        tEnv.executeSql(sinkDdl(
                "sql_bad_rows",
                "id STRING, delay_level INT METADATA, deliver_time TIMESTAMP_LTZ(3) METADATA",
                "sql-bad-rows",
                "raw",
                "sink.keys.fields",
                "id"));

        assertThat(messages(catchThrowable(() -> tEnv.executeSql(
                                "INSERT INTO sql_bad_rows VALUES ('two words', 1, CAST(NULL AS TIMESTAMP_LTZ(3)))")
                        .await())))
                .contains("cannot write a key ('sink.keys.fields' or 'keys' column) of a row to topic sql-bad-rows")
                .contains("bad key 'two words'");
        assertThat(messages(catchThrowable(
                        () -> tEnv.executeSql("INSERT INTO sql_bad_rows VALUES ('k', 1, TO_TIMESTAMP_LTZ(1, 3))")
                                .await())))
                .contains("metadata columns 'delay_level' and 'deliver_time' are both set");
    }

    @Test
    void readOnlyMetadataAndUpdatingQueriesAreRefusedWhenPlanned() {
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(environment(1));
        tEnv.executeSql(sinkDdl("sql_readonly", "id STRING, msg_id STRING METADATA", "sql-out", "json"));
        assertThat(messages(catchThrowable(() -> tEnv.explainSql("INSERT INTO sql_readonly VALUES ('a', 'b')"))))
                .contains("msg_id")
                .contains("tag");

        tEnv.executeSql(sinkDdl("sql_totals", "id STRING, total BIGINT", "sql-out", "json"));
        String updating = "INSERT INTO sql_totals SELECT id, SUM(cents) FROM"
                + " (VALUES ('a', 1), ('a', 2), ('b', 3)) AS t(id, cents) GROUP BY id";
        assertThat(messages(catchThrowable(() -> tEnv.explainSql(updating))))
                .contains("doesn't support consuming update changes");
    }

    static String messages(Throwable thrown) {
        assertThat(thrown).as("planning must fail").isNotNull();
        List<String> all = new ArrayList<>();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            all.add(String.valueOf(t.getMessage()));
        }
        return String.join(" <- ", all);
    }

    /** Fails the task once when it sees {@code at}. */
    private static final class FailOnceAt implements MapFunction<Long, Long> {
        private final long at;

        FailOnceAt(long at) {
            this.at = at;
        }

        @Override
        public Long map(Long value) {
            if (value == at && FIRED.add(value)) {
                throw new IllegalStateException("injected failure at " + value);
            }
            return value;
        }
    }
}
