package io.sluice.mq.remoting;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.sluice.mq.protocol.FrameCodec;
import io.sluice.mq.protocol.RemotingCommand;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes a {@link RemotingCommand} as one frame: the header, then each body part as its own
 * buffer. Body parts are wrapped, not copied, so commit-log records go to the socket as they are
 * stored. Headers use the command's own serialize type, which
 * for responses mirrors the request. Stateless and sharable.
 */
@ChannelHandler.Sharable
final class FrameEncoder extends MessageToMessageEncoder<RemotingCommand> {

    @Override
    protected void encode(ChannelHandlerContext context, RemotingCommand command, List<Object> out) {
        ByteBuffer header = FrameCodec.encodeHeader(command, command.serializeType());
        ByteBuffer[] parts = command.bodyParts();
        if (parts.length == 0) {
            out.add(Unpooled.wrappedBuffer(header));
            return;
        }
        // One message per part, not one composite: NIO transports copy a buffer that is not
        // entirely direct into a new direct buffer before writing it, and a composite with a heap
        // header would drag mapped commit-log views along. Separate parts go out in one gathering
        // write, and direct parts (the store's mapped records) are written without a copy.
        out.add(Unpooled.wrappedBuffer(header));
        for (ByteBuffer part : parts) {
            out.add(Unpooled.wrappedBuffer(part.duplicate()));
        }
    }
}
