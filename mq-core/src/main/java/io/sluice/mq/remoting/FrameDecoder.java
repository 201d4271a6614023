package io.sluice.mq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.sluice.mq.protocol.FrameCodec;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into frames (int32 length prefix, at most {@code maxFrameBytes}) and
 * decodes each into a {@link RemotingCommand}. A frame that is too long or malformed closes the
 * connection: after a bad length the stream cannot be resynchronised, and the peer learns of it by
 * the close. The reason is logged with the remote address. Not sharable (one per channel).
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    private boolean rejected;

    FrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes, 0, 4, 0, 4);
    }

    @Override
    protected Object decode(ChannelHandlerContext context, ByteBuf in) throws Exception {
        if (rejected) {
            in.skipBytes(in.readableBytes()); // the stream is unusable after a bad frame
            return null;
        }
        ByteBuf frame;
        try {
            frame = (ByteBuf) super.decode(context, in);
        } catch (TooLongFrameException e) {
            reject(context, e.getMessage());
            return null;
        }
        if (frame == null) {
            return null;
        }
        try {
            return FrameCodec.decode(frame.nioBuffer());
        } catch (ProtocolException e) {
            reject(context, e.getMessage());
            return null;
        } finally {
            frame.release();
        }
    }

    private void reject(ChannelHandlerContext context, String reason) {
        rejected = true;
        LOG.warn("closing connection from {}: bad frame: {}", context.channel().remoteAddress(), reason);
        context.channel().close();
    }
}
