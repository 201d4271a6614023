package io.sluice.connector.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.serde.avro.AvroDeserializer;
import io.sluice.serde.avro.format.WireFormat;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.CompatibilityPolicy;
import io.sluice.serde.avro.registry.DirectorySchemaRegistry;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each field function of the serializer builder lands in the message the sink sends. */
class RoutingRecordSerializerTest {

    private static final SluiceSinkContext SUBTASK_0 = new SluiceSinkContext() {
        @Override
        public int parallelInstanceId() {
            return 0;
        }

        @Override
        public int numberOfParallelInstances() {
            return 1;
        }
    };

    private static final SerializationSchema.InitializationContext INIT =
            new SerializationSchema.InitializationContext() {
                @Override
                public MetricGroup getMetricGroup() {
                    return new UnregisteredMetricsGroup();
                }

                @Override
                public UserCodeClassLoader getUserCodeClassLoader() {
                    return SimpleUserCodeClassLoader.create(RoutingRecordSerializerTest.class.getClassLoader());
                }
            };

    @TempDir
    Path dir;

    @Test
    void everyFieldFunctionShapesTheMessage() throws Exception {
        SluiceRecordSerializer<String> serializer = SluiceRecordSerializer.<String>builder()
                .setTopicSelector(v -> "orders_" + v.charAt(0))
                .setValueSerializationSchema(new SimpleStringSchema())
                .setTag(v -> "eu")
                .setKeys(v -> new String[] {"id-" + v})
                .setQueueKey(v -> "customer-" + v.length())
                .setProperties(v -> Map.of("region", "west"))
                .setDelayLevel(v -> 3)
                .build();
        serializer.open(INIT, SUBTASK_0);

        SluiceRecord record = serializer.serialize("abc", SUBTASK_0, null);

        assertThat(record.queueKey()).isEqualTo("customer-3");
        assertThat(record.message().topic()).isEqualTo("orders_a");
        assertThat(record.message().tags()).isEqualTo("eu");
        assertThat(record.message().keys()).containsExactly("id-abc");
        assertThat(record.message().properties())
                .containsEntry("region", "west")
                .containsEntry("DELAY", "3");
        assertThat(new String(record.message().body(), StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void unsetFieldsStayUnsetAndTheQueueIsRoundRobin() throws Exception {
        SluiceRecordSerializer<String> serializer = SluiceRecordSerializer.<String>builder()
                .setTopic("plain")
                .setValueSerializationSchema(new SimpleStringSchema())
                .setTag(v -> null)
                .setDeliverAtMs(v -> v.isEmpty() ? null : 1_900_000_000_000L)
                .build();
        serializer.open(INIT, SUBTASK_0);

        SluiceRecord record = serializer.serialize("x", SUBTASK_0, 5L);

        assertThat(record.queueKey()).isNull();
        assertThat(record.message().tags()).isNull();
        assertThat(record.message().keys()).isEmpty();
        assertThat(record.message().properties()).containsEntry("TIMER_DELIVER_MS", "1900000000000");
    }

    @Test
    void avroBodiesCarryTheirSchemaFingerprintAndDecodeWithServeAvro() throws Exception {
        Schema schema = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                        + "{\"name\":\"amount\",\"type\":\"long\"}]}");
        String root = dir.toString();
        SluiceRecordSerializer<GenericRecord> serializer = SluiceRecordSerializer.<GenericRecord>builder()
                .setTopic("orders")
                .setValueSerializer(SluiceAvro.generic(() -> DirectorySchemaRegistry.open(
                        Path.of(root), CompatibilityPolicy.of(CompatibilityMode.BACKWARD))))
                .setQueueKey(order -> order.get("id").toString())
                .build();
        serializer.open(INIT, SUBTASK_0);
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", "o-1");
        order.put("amount", 42L);

        SluiceRecord record = serializer.serialize(order, SUBTASK_0, null);
        serializer.close();

        assertThat(record.queueKey()).isEqualTo("o-1");
        assertThat(record.message().properties()).containsKey(WireFormat.SINGLE_OBJECT.propertyName());
        try (SchemaRegistry registry =
                DirectorySchemaRegistry.open(dir, CompatibilityPolicy.of(CompatibilityMode.BACKWARD))) {
            GenericRecord decoded = AvroDeserializer.generic(registry)
                    .build()
                    .deserialize(
                            MessageCoordinates.unknown("orders"),
                            record.message().body(),
                            record.message().properties());
            assertThat(decoded.get("id").toString()).isEqualTo("o-1");
            assertThat(decoded.get("amount")).isEqualTo(42L);
        }
    }
}
