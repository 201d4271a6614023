package io.sluice.connector.flink.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.connector.flink.source.EmbeddedSluice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options a user gets wrong are refused when the query is planned, with a message naming the key:
 * unknown keys, values of the wrong type or out of range, and combinations that cannot work.
 */
class SluiceTableOptionsTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    static Path dir;

    static EmbeddedSluice sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = new EmbeddedSluice(dir);
        sluice.createTopic("opts", 1);
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** Plans a read of a table declared with the base options plus {@code extra}; returns what was thrown. */
    private static String planFailure(String... extra) {
        StreamTableEnvironment tEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        String table = "t" + System.nanoTime();
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + table + " (line STRING) WITH ('connector' = 'sluice',"
                + " 'nameserver-address' = '" + sluice.namesrv() + "', 'format' = 'raw'");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            ddl.append(", '")
                    .append(extra[i])
                    .append("' = '")
                    .append(extra[i + 1])
                    .append('\'');
        }
        tEnv.executeSql(ddl.append(')').toString());
        Throwable thrown = catchThrowable(() -> tEnv.explainSql("SELECT * FROM " + table));
        assertThat(thrown).as("planning must fail").isNotNull();
        return messages(thrown);
    }

    /**
     * Plans an {@code INSERT} into a table {@code (id STRING, n BIGINT, tags ARRAY<STRING>)}
     * declared with the nameserver, format and {@code options}; returns what was thrown.
     */
    private static String insertFailure(String... options) {
        StreamTableEnvironment tEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        String table = "t" + System.nanoTime();
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + table
                + " (id STRING, n BIGINT, tags ARRAY<STRING>) WITH ('connector' = 'sluice',"
                + " 'nameserver-address' = '" + sluice.namesrv() + "', 'format' = 'json'");
        for (int i = 0; i + 1 < options.length; i += 2) {
            ddl.append(", '")
                    .append(options[i])
                    .append("' = '")
                    .append(options[i + 1])
                    .append('\'');
        }
        tEnv.executeSql(ddl.append(')').toString());
        Throwable thrown =
                catchThrowable(() -> tEnv.explainSql("INSERT INTO " + table + " VALUES ('a', 1, ARRAY['x'])"));
        assertThat(thrown).as("planning the insert must fail").isNotNull();
        return messages(thrown);
    }

    private static String[] sinkWith(String... extra) {
        String[] all = new String[2 + extra.length];
        all[0] = "topic";
        all[1] = "opts";
        System.arraycopy(extra, 0, all, 2, extra.length);
        return all;
    }

    private static String messages(Throwable thrown) {
        List<String> all = new ArrayList<>();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            all.add(String.valueOf(t.getMessage()));
        }
        return String.join(" <- ", all);
    }

    private static final String[] BASE = {"topic", "opts", "scan.consumer-group", "g-opts"};

    private static String[] with(String... extra) {
        String[] all = new String[BASE.length + extra.length];
        System.arraycopy(BASE, 0, all, 0, BASE.length);
        System.arraycopy(extra, 0, all, BASE.length, extra.length);
        return all;
    }

    @Test
    void unknownOptionIsRejectedByName() {
        assertThat(planFailure(with("scan.startup.moed", "earliest-offset")))
                .contains("Unsupported options")
                .contains("scan.startup.moed");
    }

    @Test
    void valueOfTheWrongTypeOrEnumIsRejectedByKey() {
        assertThat(planFailure(with("scan.startup.mode", "sideways"))).contains("scan.startup.mode");
        assertThat(planFailure(with("scan.fetch.batch-size", "lots"))).contains("scan.fetch.batch-size");
    }

    @Test
    void outOfRangeValuesAreRejectedByKey() {
        assertThat(planFailure(with("scan.fetch.batch-size", "0")))
                .contains("'scan.fetch.batch-size'")
                .contains("in [1, 1024]");
        assertThat(planFailure(with("scan.fetch.batch-size", "64", "scan.fetch.max-buffered-per-queue", "10")))
                .contains("'scan.fetch.max-buffered-per-queue'");
        assertThat(planFailure(with("scan.rate-limit.records-per-second", "-1")))
                .contains("'scan.rate-limit.records-per-second'");
    }

    @Test
    void inconsistentCombinationsAreRejectedByKey() {
        assertThat(planFailure("scan.consumer-group", "g")).contains("'topic'").contains("'topic-pattern'");
        assertThat(planFailure("topic", "opts", "topic-pattern", "op.*", "scan.consumer-group", "g"))
                .contains("Exactly one of");
        assertThat(planFailure("topic", "opts")).contains("'scan.consumer-group' is required");
        assertThat(planFailure(with("scan.startup.mode", "timestamp")))
                .contains("'scan.startup.timestamp-millis' is required when 'scan.startup.mode' = 'timestamp'");
        assertThat(planFailure(with("scan.filter.tag", "a", "scan.filter.sql", "n > 1")))
                .contains("'scan.filter.tag'")
                .contains("'scan.filter.sql'");
        assertThat(planFailure(with("scan.bad-record.policy", "dead-letter")))
                .contains("'scan.bad-record.dead-letter-topic' is required");
        assertThat(planFailure(with("scan.bad-record.dead-letter-topic", "dlq")))
                .contains("'scan.bad-record.dead-letter-topic' is only used with");
        assertThat(planFailure(
                        with("scan.startup.fallback-mode", "group-offsets", "scan.startup.mode", "group-offsets")))
                .contains("'scan.startup.fallback-mode'");
    }

    @Test
    void malformedOffsetsPatternAndSqlAreRejectedByKey() {
        assertThat(planFailure(
                        with("scan.startup.mode", "specific-offsets", "scan.startup.specific-offsets", "broker-a:0:5")))
                .contains("'scan.startup.specific-offsets'")
                .contains("broker-a:0:5");
        assertThat(planFailure("topic-pattern", "op(", "scan.consumer-group", "g"))
                .contains("'topic-pattern'");
        assertThat(planFailure(with("scan.filter.sql", "n >>> 1"))).contains("'scan.filter.sql'");
    }

    @Test
    void sinkUnknownOptionAndBadEnumAreRejectedByKey() {
        assertThat(insertFailure(sinkWith("sink.tagg", "a")))
                .contains("Unsupported options")
                .contains("sink.tagg");
        assertThat(insertFailure(sinkWith("sink.delivery-guarantee", "twice")))
                .contains("sink.delivery-guarantee")
                .contains("twice");
        assertThat(insertFailure(sinkWith("sink.queue-by", "random")))
                .contains("sink.queue-by")
                .contains("random");
    }

    @Test
    void sinkValuesOutOfRangeAreRejectedByKeyAndValue() {
        assertThat(insertFailure(sinkWith("sink.send-retries", "17")))
                .contains("Invalid value for option 'sink.send-retries': '17' (expected in [0, 16])");
        assertThat(insertFailure(sinkWith("sink.max-in-flight-sends", "0")))
                .contains("'sink.max-in-flight-sends': '0'");
        assertThat(insertFailure(sinkWith("sink.flush-timeout", "0 s"))).contains("'sink.flush-timeout'");
        assertThat(insertFailure(sinkWith("sink.tag", "a||b"))).contains("'sink.tag': 'a||b'");
        assertThat(insertFailure(sinkWith("sink.delay-level", "0"))).contains("'sink.delay-level': '0'");
        assertThat(insertFailure(sinkWith("sink.properties", "region:eu,KEYS:x")))
                .contains("'sink.properties': 'KEYS:x'")
                .contains("set by the client or broker");
        assertThat(insertFailure(sinkWith(
                        "sink.delivery-guarantee", "exactly-once",
                        "sink.transactional-id-prefix", "job",
                        "sink.transaction-timeout", "1 h")))
                .contains("'sink.transaction-timeout'")
                .contains("in [1 s, 15 min]");
        assertThat(insertFailure(sinkWith(
                        "sink.delivery-guarantee", "exactly-once",
                        "sink.transactional-id-prefix", "job",
                        "sink.max-transaction-bytes", "100b")))
                .contains("'sink.max-transaction-bytes'");
    }

    @Test
    void sinkTopicTransactionAndKeyCombinationsAreRejectedByKey() {
        assertThat(insertFailure("topic", "a;b")).contains("'topic': 'a;b' (expected a single topic to write)");
        assertThat(insertFailure("topic-pattern", "op.*")).contains("'topic-pattern' cannot be written to");
        assertThat(insertFailure("topic", "bad topic")).contains("'topic': 'bad topic'");
        assertThat(insertFailure(sinkWith("sink.delivery-guarantee", "exactly-once")))
                .contains("'sink.transactional-id-prefix' is required when 'sink.delivery-guarantee' = 'exactly-once'");
        assertThat(insertFailure(
                        sinkWith("sink.delivery-guarantee", "exactly-once", "sink.transactional-id-prefix", "job-1")))
                .contains("'sink.transactional-id-prefix': 'job-1'");
        assertThat(insertFailure(sinkWith("sink.transactional-id-prefix", "job")))
                .contains(
                        "'sink.transactional-id-prefix' is only used with 'sink.delivery-guarantee' = 'exactly-once'");
        assertThat(insertFailure(sinkWith("sink.keys.fields", "id;nope")))
                .contains("'sink.keys.fields': 'nope' (not a physical column; columns: [id, n, tags])");
        assertThat(insertFailure(sinkWith("sink.keys.fields", "tags")))
                .contains("'sink.keys.fields': 'tags'")
                .contains("ARRAY<STRING>");
        assertThat(insertFailure(sinkWith("sink.queue-by", "key")))
                .contains("'sink.keys.fields' is required when 'sink.queue-by' = 'key'");
    }

    @Test
    void sinkOptionsOnATableThatIsOnlyReadAreAcceptedAndScanRulesDoNotApplyToWriting() {
        StreamTableEnvironment tEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        tEnv.executeSql("CREATE TABLE both_sides (line STRING) WITH ('connector' = 'sluice', 'nameserver-address' = '"
                + sluice.namesrv() + "', 'format' = 'raw', 'topic' = 'opts', 'scan.consumer-group' = 'g',"
                + " 'sink.tag' = 't', 'sink.delivery-guarantee' = 'none')");
        assertThat(tEnv.explainSql("SELECT * FROM both_sides")).contains("both_sides");
        tEnv.executeSql("CREATE TABLE write_only (line STRING) WITH ('connector' = 'sluice', 'nameserver-address' = '"
                + sluice.namesrv() + "', 'format' = 'raw', 'topic' = 'opts')");
        assertThat(tEnv.explainSql("INSERT INTO write_only VALUES ('x')")).contains("write_only");
    }
}
