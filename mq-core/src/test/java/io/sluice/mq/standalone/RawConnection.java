package io.sluice.mq.standalone;

import io.sluice.mq.protocol.FrameCodec;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.SerializeType;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain blocking socket to a broker or nameserver that writes whatever bytes a test gives it and
 * reads frames back, for bad-input tests that must get below {@link
 * io.sluice.mq.remoting.RemotingClient}. Reads time out after 5 s. Not thread-safe.
 */
final class RawConnection implements AutoCloseable {

    private static final int READ_TIMEOUT_MS = 5000;
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final Socket socket;
    private int nextOpaque = 1_000_000;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    /** Connects to "ip:port". */
    static RawConnection open(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        Socket socket = new Socket();
        socket.connect(
                new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return new RawConnection(socket);
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void write(ByteBuffer bytes) throws IOException {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        write(copy);
    }

    /** The whole frame of {@code request} (length prefix included), with a fresh opaque. */
    ByteBuffer frame(RemotingCommand request, SerializeType type) {
        request.opaque(nextOpaque++);
        return FrameCodec.encode(request, type);
    }

    /** Writes {@code request} and reads its response (the next frame; requests are answered in turn here). */
    RemotingCommand call(RemotingCommand request, SerializeType type) throws IOException {
        write(frame(request, type));
        RemotingCommand response = readFrame();
        if (response.opaque() != request.opaque()) {
            throw new IOException("response opaque " + response.opaque() + " for request " + request.opaque());
        }
        return response;
    }

    /** Reads one frame; throws {@link EOFException} if the peer closed first. */
    RemotingCommand readFrame() throws IOException {
        InputStream in = socket.getInputStream();
        byte[] prefix = in.readNBytes(4);
        if (prefix.length < 4) {
            throw new EOFException("connection closed before a response");
        }
        int length = ByteBuffer.wrap(prefix).getInt();
        if (length < 4 || length > MAX_RESPONSE_BYTES) {
            throw new IOException("response frame length " + length);
        }
        byte[] frame = in.readNBytes(length);
        if (frame.length < length) {
            throw new EOFException("connection closed inside a response");
        }
        return FrameCodec.decode(ByteBuffer.wrap(frame));
    }

    /**
     * Whether the peer closes the connection within {@code timeout} without sending anything
     * first: true for end of file or a reset, false if bytes arrive or the timeout passes.
     */
    boolean closedByPeerWithoutAnswer(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset: the peer closed while our bytes were still unread
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    /**
     * Half-closes, then reads until the peer closes (at most {@code timeout}): the frames it sent
     * before closing, in order. Throws if the peer neither closes nor answers in time.
     */
    List<RemotingCommand> finishAndReadUntilClosed(Duration timeout) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout((int) timeout.toMillis());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            socket.getInputStream().transferTo(received);
        } catch (SocketException e) {
            // reset: the peer closed while our bytes were still unread
        }
        ByteBuffer bytes = ByteBuffer.wrap(received.toByteArray());
        List<RemotingCommand> frames = new ArrayList<>();
        while (bytes.remaining() >= 4) {
            int length = bytes.getInt();
            if (length < 4 || length > bytes.remaining()) {
                throw new IOException("peer sent a malformed frame of length " + length);
            }
            ByteBuffer frame = bytes.slice(bytes.position(), length);
            bytes.position(bytes.position() + length);
            frames.add(FrameCodec.decode(frame));
        }
        return frames;
    }

    /** Half-closes: the peer sees end of file after what was written. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
