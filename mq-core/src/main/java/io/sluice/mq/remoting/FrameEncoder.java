package io.sluice.mq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.sluice.mq.protocol.FrameCodec;
import io.sluice.mq.protocol.RemotingCommand;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes a {@link RemotingCommand} as one frame. Body parts are wrapped, not copied, so commit-log
 * records go to the socket as they are stored. Headers use the command's own serialize type, which
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
        CompositeByteBuf frame = context.alloc().compositeBuffer(parts.length + 1);
        frame.addComponent(true, Unpooled.wrappedBuffer(header));
        for (ByteBuffer part : parts) {
            ByteBuf wrapped = Unpooled.wrappedBuffer(part.duplicate());
            frame.addComponent(true, wrapped);
        }
        out.add(frame);
    }
}
