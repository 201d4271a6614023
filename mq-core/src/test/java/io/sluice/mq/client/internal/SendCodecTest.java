package io.sluice.mq.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.RetriableClientException;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.client.producer.SendStatus;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.RecordTooLargeException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.BatchCodec;
import io.sluice.mq.protocol.message.BodyCompression;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendCodecTest {

    private static final MessageQueue QUEUE = new MessageQueue("T_1", "broker-a", 3);
    private static final String ID = "7F000001628F30946E09798C1A630001";

    @Test
    void singleSendCarriesTheV2HeaderOfThe498Client() {
        Message message = Message.builder("T_1")
                .tags("TagA")
                .keys("key-1", "key-2")
                .property("myProp", "v1")
                .body("hi".getBytes(StandardCharsets.UTF_8))
                .flag(7)
                .build();
        SendCodec.Prepared prepared = SendCodec.prepare(message, ID, 4096, 1 << 22);
        RemotingCommand request = SendCodec.single("PG", prepared, QUEUE, 1795530284650L);
        assertThat(request.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
        assertThat(request.extFields())
                .containsEntry("a", "PG")
                .containsEntry("b", "T_1")
                .containsEntry("c", "TBW102")
                .containsEntry("d", "4")
                .containsEntry("e", "3")
                .containsEntry("f", "0")
                .containsEntry("g", "1795530284650")
                .containsEntry("h", "7")
                .containsEntry("j", "0")
                .containsEntry("k", "false")
                .containsEntry("m", "false")
                .containsEntry("n", "broker-a");
        Map<String, String> properties = MessageProperties.parse(request.ext("i"));
        assertThat(properties)
                .containsEntry("myProp", "v1")
                .containsEntry("UNIQ_KEY", ID)
                .containsEntry("WAIT", "true")
                .containsEntry("TAGS", "TagA")
                .containsEntry("KEYS", "key-1 key-2");
        assertThat(request.bodyBytes()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bodiesAboveTheThresholdAreZlibCompressedWithSysFlag769() {
        byte[] body = "abcdefgh".repeat(1000).getBytes(StandardCharsets.UTF_8);
        SendCodec.Prepared prepared = SendCodec.prepare(Message.of("T_1", body), ID, 4096, 1 << 22);
        assertThat(prepared.sysFlag()).isEqualTo(769);
        assertThat(BodyCompression.decompress(prepared.body(), 769, 1 << 20)).isEqualTo(body);
        assertThat(SendCodec.prepare(Message.of("T_1", new byte[4096]), ID, 4096, 1 << 22)
                        .sysFlag())
                .isZero();
        assertThatThrownBy(() -> SendCodec.prepare(Message.of("T_1", new byte[11]), ID, 4096, 10))
                .isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void batchBodyHoldsEachMessageWithItsOwnProperties() {
        List<SendCodec.Prepared> messages = List.of(
                SendCodec.prepare(
                        Message.builder("T_1").tags("A").body(new byte[] {1}).build(), "ID1", 1 << 30, 100),
                SendCodec.prepare(
                        Message.builder("T_1").keys("k").body(new byte[] {2, 3}).build(), "ID2", 1 << 30, 100));
        RemotingCommand request = SendCodec.batch("PG", messages, QUEUE, 5L);
        assertThat(request.code()).isEqualTo(RequestCode.SEND_BATCH_MESSAGE);
        assertThat(request.ext("m")).isEqualTo("true");
        assertThat(request.ext("i")).isEqualTo("WAIT\u0001true");
        List<BatchCodec.Entry> entries = BatchCodec.decode(ByteBuffer.wrap(request.bodyBytes()));
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).body()).containsExactly(1);
        assertThat(MessageProperties.parse(entries.get(0).properties()))
                .containsEntry("UNIQ_KEY", "ID1")
                .containsEntry("TAGS", "A");
        assertThat(MessageProperties.parse(entries.get(1).properties()))
                .containsEntry("UNIQ_KEY", "ID2")
                .containsEntry("KEYS", "k");
    }

    @Test
    void responsesMapToStatusesOrTypedErrors() {
        RemotingCommand ok = RemotingCommand.success()
                .putExt("msgId", "7F00000100002A9F0000000000000000")
                .putExt("queueId", "3")
                .putExt("queueOffset", "12");
        SendResult result = SendCodec.result("b:1", QUEUE, ID, ok);
        assertThat(result)
                .isEqualTo(new SendResult(SendStatus.SEND_OK, ID, "7F00000100002A9F0000000000000000", QUEUE, 12));
        RemotingCommand flush =
                RemotingCommand.response(ResponseCode.FLUSH_DISK_TIMEOUT, null).putExt("queueOffset", "1");
        assertThat(SendCodec.result("b:1", QUEUE, ID, flush).status()).isEqualTo(SendStatus.FLUSH_DISK_TIMEOUT);
        assertThatThrownBy(() -> SendCodec.result(
                        "b:1", QUEUE, ID, RemotingCommand.response(ResponseCode.SYSTEM_BUSY, "[OVERLOAD]")))
                .isInstanceOf(RetriableClientException.class)
                .satisfies(e -> assertThat(((RetriableClientException) e).responseCode())
                        .isEqualTo(2));
        assertThatThrownBy(() ->
                        SendCodec.result("b:1", QUEUE, ID, RemotingCommand.response(ResponseCode.NO_PERMISSION, "no")))
                .isInstanceOf(ClientException.class)
                .satisfies(e -> assertThat(((ClientException) e).remark()).isEqualTo("no"));
    }
}
