package io.sluice.mq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrameCodecTest {

    @Test
    void decodesTheRouteQueryCapturedFromTheOfficialClient() {
        String header = "{\"code\":105,\"extFields\":{\"topic\":\"T_5\"},\"flag\":0,\"language\":\"JAVA\","
                + "\"opaque\":0,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + headerBytes.length)
                .putInt(headerBytes.length)
                .put(headerBytes)
                .flip();

        RemotingCommand command = FrameCodec.decode(frame);

        assertThat(headerBytes.length).isEqualTo(0x7D);
        assertThat(command.code()).isEqualTo(RequestCode.GET_ROUTEINFO_BY_TOPIC);
        assertThat(command.version()).isEqualTo(479);
        assertThat(command.isResponse()).isFalse();
        assertThat(command.requireExt("topic")).isEqualTo("T_5");
        assertThat(command.hasBody()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void roundTripsHeaderFieldsAndBodyInBothSerializeTypes(SerializeType type) {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .opaque(42)
                .putExt("b", "topic-1")
                .putExt("i", "KEYS\u0001k1\u0002TAGS\u0001TagA")
                .putExt("e", 3)
                .body("hello".getBytes(StandardCharsets.UTF_8));
        request.markOneway();
        ByteBuffer frame = FrameCodec.encode(request, type);

        int length = frame.getInt();
        RemotingCommand decoded = FrameCodec.decode(frame);

        assertThat(length).isEqualTo(frame.limit() - 4);
        assertThat(decoded.serializeType()).isEqualTo(type);
        assertThat(decoded.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
        assertThat(decoded.opaque()).isEqualTo(42);
        assertThat(decoded.isOneway()).isTrue();
        assertThat(decoded.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(decoded.version()).isEqualTo(RemotingVersion.CURRENT);
        assertThat(decoded.extFields()).containsExactlyEntriesOf(request.extFields());
        assertThat(decoded.requireExtInt("e")).isEqualTo(3);
        assertThat(new String(decoded.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void responsesKeepRemarkAndAnEmptyExtMap(SerializeType type) {
        RemotingCommand response = RemotingCommand.success().remark("ok").opaque(7);
        ByteBuffer frame = FrameCodec.encode(response, type);
        frame.getInt();

        RemotingCommand decoded = FrameCodec.decode(frame);

        assertThat(decoded.isResponse()).isTrue();
        assertThat(decoded.remark()).isEqualTo("ok");
        if (type == SerializeType.JSON) {
            assertThat(decoded.extFields()).isEmpty();
        }
    }

    @Test
    void jsonHeaderIsTheCompactAlphabeticalFormTheClientsWrite() {
        RemotingCommand response = RemotingCommand.success().opaque(14).putExt("offset", 2L);

        ByteBuffer frame = FrameCodec.encode(response, SerializeType.JSON);
        frame.position(8);
        String header = StandardCharsets.UTF_8.decode(frame).toString();

        assertThat(header)
                .isEqualTo(
                        "{\"code\":0,\"extFields\":{\"offset\":\"2\"},\"flag\":1,\"language\":\"JAVA\",\"opaque\":14,"
                                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}");
    }

    @Test
    void rejectsHeaderLongerThanTheFrame() {
        ByteBuffer frame = ByteBuffer.allocate(8).putInt(100).putInt(0).flip();

        assertThatThrownBy(() -> FrameCodec.decode(frame))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("header length 100");
    }

    @Test
    void rejectsUnknownSerializeTypeAndBadJson() {
        assertThatThrownBy(() ->
                        FrameCodec.decode(ByteBuffer.allocate(4).putInt(7 << 24).flip()))
                .hasMessageContaining("serialize type 7");
        byte[] bad = "{\"code\":".getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame =
                ByteBuffer.allocate(4 + bad.length).putInt(bad.length).put(bad).flip();
        assertThatThrownBy(() -> FrameCodec.decode(frame)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void missingOrBadRequiredFieldsNameTheField() {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.PULL_MESSAGE).putExt("queueId", "x");

        assertThatThrownBy(() -> request.requireExt("topic")).hasMessageContaining("<topic>");
        assertThatThrownBy(() -> request.requireExtInt("queueId")).hasMessageContaining("<queueId>");
    }
}
