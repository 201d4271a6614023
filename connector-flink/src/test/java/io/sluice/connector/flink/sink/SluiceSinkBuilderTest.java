package io.sluice.connector.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

/** The builders refuse incomplete or unsupported settings with a message naming the setting. */
class SluiceSinkBuilderTest {

    private static SluiceRecordSerializer<String> serializer() {
        return SluiceRecordSerializer.<String>builder()
                .setTopic("t")
                .setValueSerializationSchema(new SimpleStringSchema())
                .build();
    }

    @Test
    void exactlyOnceIsRefusedNamingTheMissingBrokerFeature() {
        SluiceSinkBuilder<String> builder = SluiceSink.<String>builder()
                .setNameServerAddress("127.0.0.1:9876")
                .setRecordSerializer(serializer())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE);
        assertThatThrownBy(builder::build)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("EXACTLY_ONCE")
                .hasMessageContaining("issue 5")
                .hasMessageContaining("AT_LEAST_ONCE");
    }

    @Test
    void missingOrBadSettingsAreNamed() {
        assertThatThrownBy(() -> SluiceSink.<String>builder()
                        .setRecordSerializer(serializer())
                        .build())
                .hasMessageContaining("nameserver address");
        assertThatThrownBy(() -> SluiceSink.<String>builder()
                        .setNameServerAddress("127.0.0.1:9876")
                        .build())
                .hasMessageContaining("record serializer");
        assertThatThrownBy(() -> SluiceSink.<String>builder()
                        .setNameServerAddress("127.0.0.1:9876")
                        .setRecordSerializer(serializer())
                        .setMaxInFlightSends(0)
                        .build())
                .hasMessageContaining("maxInFlightSends")
                .hasMessageContaining("0");
    }

    @Test
    void theDefaultGuaranteeIsAtLeastOnce() {
        SluiceSink<String> sink = SluiceSink.<String>builder()
                .setNameServerAddress("127.0.0.1:9876")
                .setRecordSerializer(serializer())
                .build();
        assertThat(sink.settings().guarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void theRecordSerializerNeedsATopicAndExactlyOneValueSerializer() {
        assertThatThrownBy(() -> SluiceRecordSerializer.<String>builder()
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .hasMessageContaining("topic");
        assertThatThrownBy(() ->
                        SluiceRecordSerializer.<String>builder().setTopic("t").build())
                .hasMessageContaining("value serializer");
        assertThatThrownBy(() -> SluiceRecordSerializer.<String>builder()
                        .setTopic("t")
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .setDelayLevel(v -> 1)
                        .setDeliverAtMs(v -> 1L)
                        .build())
                .hasMessageContaining("setDelayLevel and setDeliverAtMs");
    }
}
