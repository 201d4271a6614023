package io.sluice.connector.flink.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.flink.source.EmbeddedSluice;
import io.sluice.connector.flink.source.reader.BadRecordHandler;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.MessageQueue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CREATE TABLE ... WITH ('connector' = 'sluice')} on a MiniCluster over an in-process Sluice
 * broker: json, raw and avro bodies read in bounded mode, every metadata column checked against
 * what the producer sent and the broker stored, tag / SQL92 filters and per-queue offsets given as
 * options, and the bad-record policy applied to a body the format rejects.
 */
class SluiceTableSourceTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    @TempDir
    static Path dir;

    static EmbeddedSluice sluice;
    static Producer producer;

    @BeforeAll
    static void start() throws Exception {
        sluice = new EmbeddedSluice(dir);
        producer = sluice.client().newProducer(ProducerConfig.of("table-test-producer"));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static StreamTableEnvironment tableEnv() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return StreamTableEnvironment.create(env);
    }

    /** A bounded sluice table over {@code topic} with {@code columns}, {@code format} and extra options. */
    static String ddl(String table, String columns, String topic, String format, String... extra) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ")
                .append(table)
                .append(" (")
                .append(columns)
                .append(") WITH ('connector' = 'sluice', 'nameserver-address' = '")
                .append(sluice.namesrv())
                .append("', 'topic' = '")
                .append(topic)
                .append("', 'scan.consumer-group' = 'g-")
                .append(table)
                .append("', 'format' = '")
                .append(format)
                .append("', 'scan.bounded.mode' = 'latest-offset'");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            sql.append(", '")
                    .append(extra[i])
                    .append("' = '")
                    .append(extra[i + 1])
                    .append('\'');
        }
        return sql.append(')').toString();
    }

    static List<Row> collect(StreamTableEnvironment tEnv, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void jsonBodiesWithEveryMetadataColumn() throws Exception {
        List<MessageQueue> queues = sluice.createTopic("orders-json", 2);
        long before = System.currentTimeMillis();
        Map<String, SendResult> sent = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            String id = "o" + i;
            Message message = Message.builder("orders-json")
                    .body(("{\"id\":\"" + id + "\",\"cents\":" + (100 * i) + "}").getBytes(StandardCharsets.UTF_8))
                    .tags(i % 2 == 0 ? "paid" : "shipped")
                    .keys(id, "k" + i)
                    .property("region", "eu-" + i)
                    .build();
            sent.put(id, producer.send(message, queues.get(i % 2)));
        }
        StreamTableEnvironment tEnv = tableEnv();
        tEnv.executeSql(ddl(
                "orders_json",
                "id STRING, cents BIGINT, `tag` STRING METADATA VIRTUAL, `keys` ARRAY<STRING> METADATA VIRTUAL,"
                        + " msg_id STRING METADATA VIRTUAL, queue_id INT METADATA VIRTUAL,"
                        + " queue_offset BIGINT METADATA VIRTUAL, born_time TIMESTAMP_LTZ(3) METADATA VIRTUAL,"
                        + " store_time TIMESTAMP_LTZ(3) METADATA VIRTUAL,"
                        + " props MAP<STRING, STRING> METADATA FROM 'properties' VIRTUAL,"
                        + " src_topic STRING METADATA FROM 'topic' VIRTUAL, broker STRING METADATA VIRTUAL",
                "orders-json",
                "json"));
        List<Row> rows = collect(
                tEnv,
                "SELECT id, cents, `tag`, `keys`, msg_id, queue_id, queue_offset, born_time, store_time,"
                        + " props['region'], src_topic, broker FROM orders_json");

        assertThat(rows).hasSize(6);
        long after = System.currentTimeMillis();
        for (Row row : rows) {
            String id = (String) row.getField(0);
            int i = Integer.parseInt(id.substring(1));
            SendResult result = sent.get(id);
            assertThat(row.getField(1)).isEqualTo(100L * i);
            assertThat(row.getField(2)).isEqualTo(i % 2 == 0 ? "paid" : "shipped");
            assertThat((String[]) row.getField(3)).containsExactly(id, "k" + i);
            assertThat(row.getField(4)).isEqualTo(result.msgId());
            assertThat(row.getField(5)).isEqualTo(result.queue().queueId());
            assertThat(row.getField(6)).isEqualTo(result.queueOffset());
            Instant born = (Instant) row.getField(7);
            Instant stored = (Instant) row.getField(8);
            assertThat(born.toEpochMilli()).isBetween(before, after);
            assertThat(stored.toEpochMilli()).isBetween(born.toEpochMilli(), after);
            assertThat(row.getField(9)).isEqualTo("eu-" + i);
            assertThat(row.getField(10)).isEqualTo("orders-json");
            assertThat(row.getField(11)).isEqualTo(result.queue().brokerName());
        }
    }

    @Test
    void rawBodiesWithTagFilterAndSqlFilter() throws Exception {
        List<MessageQueue> queues = sluice.createTopic("lines", 3);
        for (MessageQueue queue : queues) {
            for (int n = 0; n < 8; n++) {
                sluice.send(queue, "q" + queue.queueId() + "-" + n, n % 2 == 0 ? "a" : "b", Map.of("n", "" + n));
            }
        }
        StreamTableEnvironment tEnv = tableEnv();
        tEnv.executeSql(ddl("lines_all", "line STRING", "lines", "raw"));
        tEnv.executeSql(
                ddl("lines_a", "line STRING, `tag` STRING METADATA VIRTUAL", "lines", "raw", "scan.filter.tag", "a"));
        tEnv.executeSql(ddl("lines_sql", "line STRING", "lines", "raw", "scan.filter.sql", "n >= 6 AND TAGS = ''b''"));

        assertThat(collect(tEnv, "SELECT line FROM lines_all")).hasSize(24);
        tEnv.executeSql(ddl("lines_pattern", "line STRING, src STRING METADATA FROM 'topic' VIRTUAL", "lines", "raw")
                .replace("'topic' = 'lines'", "'topic-pattern' = 'line.*'"));
        assertThat(collect(tEnv, "SELECT line, src FROM lines_pattern"))
                .hasSize(24)
                .allSatisfy(row -> assertThat(row.getField(1)).isEqualTo("lines"));
        List<Row> tagged = collect(tEnv, "SELECT line, `tag` FROM lines_a");
        assertThat(tagged).hasSize(12).allSatisfy(row -> assertThat(row.getField(1))
                .isEqualTo("a"));
        assertThat(collect(tEnv, "SELECT line FROM lines_sql"))
                .extracting(row -> row.getField(0))
                .containsExactlyInAnyOrder("q0-7", "q1-7", "q2-7");
    }

    @Test
    void specificStartAndStopOffsetsPerQueue() throws Exception {
        List<MessageQueue> queues = sluice.createTopic("offsets", 2);
        for (MessageQueue queue : queues) {
            for (int n = 0; n < 10; n++) {
                sluice.send(queue, "q" + queue.queueId() + "-" + n, null, Map.of());
            }
        }
        MessageQueue q1 =
                queues.stream().filter(q -> q.queueId() == 1).findFirst().orElseThrow();
        StreamTableEnvironment tEnv = tableEnv();
        tEnv.executeSql(ddl(
                "offsets_t",
                "line STRING",
                "offsets",
                "raw",
                "scan.startup.mode",
                "specific-offsets",
                "scan.startup.specific-offsets",
                q1.brokerName() + "/1:4",
                "scan.startup.fallback-mode",
                "latest-offset",
                "scan.bounded.mode",
                "specific-offsets",
                "scan.bounded.specific-offsets",
                "offsets@" + q1.brokerName() + "/1:7"));
        assertThat(collect(tEnv, "SELECT line FROM offsets_t"))
                .extracting(row -> row.getField(0))
                .containsExactlyInAnyOrder("q1-4", "q1-5", "q1-6");
    }

    @Test
    void timestampStartAndStopAsOptions() throws Exception {
        List<MessageQueue> queues = sluice.createTopic("stamped", 2);
        for (MessageQueue queue : queues) {
            for (int n = 0; n < 5; n++) {
                sluice.send(queue, "q" + queue.queueId() + "-" + n, null, Map.of());
            }
        }
        long afterFill = System.currentTimeMillis() + 1;
        StreamTableEnvironment tEnv = tableEnv();
        tEnv.executeSql(ddl("stamped_until_now", "line STRING", "stamped", "raw")
                .replace("'latest-offset'", "'timestamp', 'scan.bounded.timestamp-millis' = '" + afterFill + "'"));
        tEnv.executeSql(ddl(
                "stamped_future",
                "line STRING",
                "stamped",
                "raw",
                "scan.startup.mode",
                "timestamp",
                "scan.startup.timestamp-millis",
                "" + (afterFill + 3_600_000)));
        assertThat(collect(tEnv, "SELECT line FROM stamped_until_now")).hasSize(10);
        assertThat(collect(tEnv, "SELECT line FROM stamped_future")).isEmpty();
    }

    @Test
    void avroBodiesThroughFlinksAvroFormat() throws Exception {
        List<MessageQueue> queues = sluice.createTopic("orders-avro", 2);
        Schema schema = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Order\",\"fields\":["
                        + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"cents\",\"type\":\"long\"}]}");
        for (int i = 0; i < 5; i++) {
            GenericRecord record = new GenericData.Record(schema);
            record.put("id", "a" + i);
            record.put("cents", 7L * i);
            sluice.sendBytes(queues.get(i % 2), avroBinary(schema, record));
        }
        StreamTableEnvironment tEnv = tableEnv();
        tEnv.executeSql(ddl(
                "orders_avro",
                "id STRING NOT NULL, cents BIGINT NOT NULL," + " queue_offset BIGINT METADATA VIRTUAL",
                "orders-avro",
                "avro"));
        List<Row> rows = collect(tEnv, "SELECT id, cents, queue_offset FROM orders_avro");
        rows.sort(Comparator.comparing(row -> (String) row.getField(0)));
        assertThat(rows).extracting(row -> row.getField(0)).containsExactly("a0", "a1", "a2", "a3", "a4");
        assertThat(rows).extracting(row -> row.getField(1)).containsExactly(0L, 7L, 14L, 21L, 28L);
        assertThat(rows).extracting(row -> row.getField(2)).containsExactly(0L, 0L, 1L, 1L, 2L);
    }

    @Test
    void badRecordPoliciesApplyToBodiesTheFormatRejects() throws Exception {
        List<MessageQueue> queues = sluice.createTopic("orders-bad", 1);
        sluice.send(queues.get(0), "{\"id\":\"ok1\",\"cents\":1}", null, Map.of());
        sluice.send(queues.get(0), "not json at all", null, Map.of());
        sluice.send(queues.get(0), "{\"id\":\"ok2\",\"cents\":2}", null, Map.of());
        StreamTableEnvironment tEnv = tableEnv();
        tEnv.executeSql(
                ddl("orders_bad", "id STRING, cents BIGINT", "orders-bad", "json", "scan.bad-record.policy", "skip"));
        assertThat(collect(tEnv, "SELECT id FROM orders_bad"))
                .extracting(row -> row.getField(0))
                .containsExactlyInAnyOrder("ok1", "ok2");

        sluice.createTopic("orders-bad-dlq", 1);
        tEnv.executeSql(ddl(
                "orders_dlq",
                "id STRING, cents BIGINT",
                "orders-bad",
                "json",
                "scan.bad-record.policy",
                "dead-letter",
                "scan.bad-record.dead-letter-topic",
                "orders-bad-dlq"));
        assertThat(collect(tEnv, "SELECT id FROM orders_dlq")).hasSize(2);
        List<ReceivedMessage> parked = sluice.readAll("orders-bad-dlq", "dlq-reader", 1);
        assertThat(parked).singleElement().satisfies(m -> {
            assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
            assertThat(m.property(BadRecordHandler.SOURCE_TOPIC)).isEqualTo("orders-bad");
            assertThat(m.property(BadRecordHandler.SOURCE_OFFSET)).isEqualTo("1");
        });

        tEnv.executeSql(ddl("orders_fail", "id STRING, cents BIGINT", "orders-bad", "json"));
        assertThatThrownBy(() -> collect(tEnv, "SELECT id FROM orders_fail")).satisfies(e -> assertThat(messages(e))
                .contains("at orders-bad@")
                .contains("offset 1 (bad-record policy FAIL)")
                .contains("Unrecognized token 'not'"));
    }

    /** Every message of the cause chain, outermost first. */
    private static String messages(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" <- ");
        }
        return all.toString();
    }

    private static byte[] avroBinary(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
