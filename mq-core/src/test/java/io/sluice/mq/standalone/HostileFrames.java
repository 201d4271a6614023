package io.sluice.mq.standalone;

import io.sluice.mq.protocol.FrameCodec;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.SerializeType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Requests and byte strings for {@link BrokerHostileInputTest}, built the way an official client
 * builds them, or deliberately not. Stateless.
 */
final class HostileFrames {

    private static final byte[] HOSTILE = "hostile-".getBytes(StandardCharsets.UTF_8);

    private HostileFrames() {}

    /** A SEND_MESSAGE_V2 of {@code body} to {@code topic}/{@code queueId} (4.9.x short field names). */
    static RemotingCommand sendV2(String topic, int queueId, byte[] body) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .putExt("a", "PG_HOSTILE_RAW")
                .putExt("b", topic)
                .putExt("c", "TBW102")
                .putExt("d", 4)
                .putExt("e", queueId)
                .putExt("f", 0)
                .putExt("g", 1_700_000_000_000L)
                .putExt("h", 0)
                .putExt("i", "UNIQ_KEY\u0001HOSTILE" + Integer.toHexString(body.length) + "\u0002")
                .putExt("j", 0)
                .putExt("k", false)
                .putExt("m", false)
                .body(body);
    }

    /**
     * A PULL_MESSAGE of {@code topic}/{@code queueId} at {@code offset}, suspended up to {@code
     * suspendMs} when positive; each override replaces a field's value, or removes it when empty.
     */
    static RemotingCommand pull(String topic, int queueId, long offset, long suspendMs, Map<String, String> overrides) {
        RemotingCommand request = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", "CG_HOSTILE_RAW")
                .putExt("topic", topic)
                .putExt("queueId", queueId)
                .putExt("queueOffset", offset)
                .putExt("maxMsgNums", 32)
                .putExt("sysFlag", suspendMs > 0 ? 0x2 | 0x4 : 0x4)
                .putExt("commitOffset", 0)
                .putExt("suspendTimeoutMillis", suspendMs)
                .putExt("subscription", "*")
                .putExt("subVersion", 0);
        overrides.forEach((key, value) -> {
            if (value.isEmpty()) {
                request.extFields().remove(key);
            } else {
                request.putExt(key, value);
            }
        });
        return request;
    }

    /** "hostile-" and then random bytes, {@code size} in all: never a producer's message. */
    static byte[] hostileBody(SplittableRandom random, int size) {
        byte[] body = new byte[Math.max(size, HOSTILE.length)];
        System.arraycopy(HOSTILE, 0, body, 0, HOSTILE.length);
        for (int i = HOSTILE.length; i < body.length; i++) {
            body[i] = (byte) random.nextInt(256);
        }
        return body;
    }

    /**
     * A frame whose JSON header cannot be decoded: a real SEND header cut short, wrong value types,
     * nesting past any sane depth, or random printable text.
     */
    static ByteBuffer badJsonHeader(SplittableRandom random, String topic) {
        String header =
                switch (random.nextInt(4)) {
                    case 0 -> {
                        ByteBuffer real =
                                FrameCodec.encode(sendV2(topic, 0, hostileBody(random, 10)), SerializeType.JSON);
                        real.getInt();
                        int headerLength = real.getInt() & 0xFFFFFF;
                        byte[] json = new byte[headerLength];
                        real.get(json);
                        yield new String(json, 0, 1 + random.nextInt(headerLength - 1), StandardCharsets.UTF_8);
                    }
                    case 1 -> "{\"code\":\"ten\",\"extFields\":[1,2],\"opaque\":{}}";
                    case 2 -> "{\"code\":10,\"extFields\":" + "[".repeat(10_000 + random.nextInt(50_000));
                    default -> printable(random, 1 + random.nextInt(300));
                };
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length)
                .putInt(4 + json.length)
                .putInt(json.length)
                .put(json)
                .flip();
    }

    private static String printable(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        text.append('{');
        for (int i = 1; i < length; i++) {
            text.append((char) (0x20 + random.nextInt(0x5F)));
        }
        return text.toString();
    }

    /** The sequence number in a producer's body ("seq=N;..."); fails for anything else. */
    static long seqOf(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 32), StandardCharsets.ISO_8859_1);
        int end = head.indexOf(';');
        if (!head.startsWith("seq=") || end < 5) {
            throw new AssertionError("not a producer's message: body starts with " + head);
        }
        return Long.parseLong(head.substring(4, end));
    }
}
