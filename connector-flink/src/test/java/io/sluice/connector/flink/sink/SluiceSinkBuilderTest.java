package io.sluice.connector.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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

    private static SluiceSinkBuilder<String> exactlyOnce() {
        return SluiceSink.<String>builder()
                .setNameServerAddress("127.0.0.1:9876")
                .setRecordSerializer(serializer())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE);
    }

    @Test
    void exactlyOnceNeedsAValidTransactionalIdPrefixAndATransactionTopic() {
        assertThatThrownBy(() -> exactlyOnce().setTransactionTopic("t").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EXACTLY_ONCE")
                .hasMessageContaining("setTransactionalIdPrefix");
        assertThatThrownBy(() -> exactlyOnce()
                        .setTransactionTopic("t")
                        .setTransactionalIdPrefix("orders-job")
                        .build())
                .hasMessageContaining("'orders-job'")
                .hasMessageContaining("[A-Za-z0-9_.:]");
        assertThatThrownBy(
                        () -> exactlyOnce().setTransactionalIdPrefix("orders").build())
                .hasMessageContaining("setTransactionTopic");
        assertThatThrownBy(() -> exactlyOnce()
                        .setTransactionalIdPrefix("orders")
                        .setTransactionTopic("t")
                        .setTransactionTimeout(Duration.ofMinutes(16))
                        .build())
                .hasMessageContaining("transactionTimeout")
                .hasMessageContaining("PT16M");
    }

    @Test
    void exactlyOnceBuildsWithItsTransactionSettings() {
        SluiceSink<String> sink = exactlyOnce()
                .setTransactionalIdPrefix("orders")
                .setTransactionTopic("t")
                .build();
        assertThat(sink.settings().guarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(sink.settings().transactions().transactionalId(2)).isEqualTo("orders-2-0");
        assertThat(sink.settings().transactions().timeout()).isEqualTo(Duration.ofMinutes(15));
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
