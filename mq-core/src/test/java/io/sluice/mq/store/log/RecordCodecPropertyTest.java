package io.sluice.mq.store.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.store.MessageDraft;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Codec round trips over random messages; jqwik prints the seed of any failure. */
class RecordCodecPropertyTest {

    @Provide
    Arbitrary<HostAddress> hosts() {
        Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<byte[]> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
        return Combinators.combine(
                        Arbitraries.oneOf(v4, v6), Arbitraries.integers().between(0, 65535))
                .as(HostAddress::of);
    }

    @Provide
    Arbitrary<Map<String, String>> properties() {
        Arbitrary<String> text = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars(' ', '-', 'é', '中')
                .ofMinLength(1)
                .ofMaxLength(20);
        return Arbitraries.maps(text, text).ofMaxSize(6).map(LinkedHashMap::new);
    }

    @Property(tries = 300)
    void encodedRecordsValidateAndDecodeToTheirFields(
            @ForAll("hosts") HostAddress born,
            @ForAll("hosts") HostAddress store,
            @ForAll("properties") Map<String, String> properties,
            @ForAll @IntRange(min = 0, max = 5000) int bodyLength,
            @ForAll @IntRange(min = 1, max = 255) int topicLength,
            @ForAll @IntRange(min = 0, max = 1 << 20) int queueId,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long logPosition,
            @ForAll @LongRange(min = 0) long queueOffset) {
        byte[] body = new byte[bodyLength];
        for (int i = 0; i < bodyLength; i++) {
            body[i] = (byte) (i * 31 + bodyLength);
        }
        String topic = "t".repeat(topicLength);
        String encodedProperties = MessageProperties.encode(properties);
        MessageDraft draft = new MessageDraft(topic, queueId, 5, 0, 123L, born, 1, 0L, body, encodedProperties);
        PreparedRecord prepared = RecordCodec.prepare(draft, store, 1 << 20);
        ByteBuffer out = ByteBuffer.allocate(prepared.size() + 16);
        out.position(16);
        RecordCodec.encode(prepared, queueOffset, logPosition, 456L, out);
        ByteBuffer record = out.flip().position(16).slice();

        RecordCodec.check(record, logPosition, "prop", 0);
        StoredRecord view = new StoredRecord(record);
        assertThat(view.size()).isEqualTo(prepared.size());
        assertThat(view.topic()).isEqualTo(topic);
        assertThat(view.queueId()).isEqualTo(queueId);
        assertThat(view.queueOffset()).isEqualTo(queueOffset);
        assertThat(view.logPosition()).isEqualTo(logPosition);
        assertThat(view.storeTimestampMs()).isEqualTo(456L);
        assertThat(view.storeHost()).isEqualTo(store);
        assertThat(view.reconsumeTimes()).isEqualTo(1);
        ByteBuffer decodedBody = view.body();
        assertThat(decodedBody).isEqualTo(ByteBuffer.wrap(body));
        Map<String, String> decoded = MessageProperties.parse(view.properties());
        assertThat(decoded).containsKey(RecordCodec.CRC_PROPERTY);
        decoded.remove(RecordCodec.CRC_PROPERTY);
        assertThat(decoded).isEqualTo(properties);
    }

    @Property(tries = 300)
    void propertiesParseAcceptsTrailingSeparatorAndFindAgreesWithParse(
            @ForAll("properties") Map<String, String> properties) {
        String encoded = MessageProperties.encode(properties);
        assertThat(MessageProperties.parse(encoded)).isEqualTo(properties);
        assertThat(MessageProperties.parse(encoded + MessageProperties.PROPERTY_SEPARATOR))
                .isEqualTo(properties);
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            assertThat(MessageProperties.find(encoded, entry.getKey())).isEqualTo(entry.getValue());
        }
    }
}
