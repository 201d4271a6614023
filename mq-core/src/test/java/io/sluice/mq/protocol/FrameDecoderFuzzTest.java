package io.sluice.mq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated frames: the decoder either returns a command or throws {@link
 * ProtocolException}; never another exception, never a hang.
 */
class FrameDecoderFuzzTest {

    @Property(tries = 2000)
    void randomBytesOnlyEverRaiseProtocolException(@ForAll("frames") byte[] bytes) {
        assertDecodesOrRejects(bytes);
    }

    @Property(tries = 2000)
    void mutatedValidFramesOnlyEverRaiseProtocolException(
            @ForAll("validFrames") byte[] frame, @ForAll("positions") int position, @ForAll byte value) {
        byte[] mutated = frame.clone();
        mutated[position % mutated.length] = value;
        assertDecodesOrRejects(mutated);
    }

    private static void assertDecodesOrRejects(byte[] bytes) {
        try {
            RemotingCommand command = FrameCodec.decode(ByteBuffer.wrap(bytes));
            assertThat(command).isNotNull();
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> frames() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<byte[]> validFrames() {
        return Arbitraries.of(SerializeType.values()).map(type -> {
            RemotingCommand command = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                    .putExt("a", "group")
                    .putExt("b", "topic")
                    .remark("r")
                    .body(new byte[] {1, 2, 3});
            ByteBuffer frame = FrameCodec.encode(command, type);
            frame.getInt();
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            return bytes;
        });
    }
}
