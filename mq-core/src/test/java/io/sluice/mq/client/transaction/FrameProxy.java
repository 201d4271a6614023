package io.sluice.mq.client.transaction;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A test TCP proxy on 127.0.0.1 that forwards RocketMQ remoting frames (4-byte length, then the
 * frame) between a client and {@code target}. Frames from the server may be rewritten (same length)
 * or dropped: {@link #dropResponses} drops the next n server frames that contain a given text,
 * which is how a response lost on the network looks to the client. Threads: one acceptor, two per
 * connection; {@link #close()} stops them all.
 */
final class FrameProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicInteger toDrop = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile String dropMarker = "";
    private volatile UnaryOperator<byte[]> rewrite = UnaryOperator.identity();

    /** A proxy to {@code target} whose port has {@code digits} digits (so addresses keep their length). */
    FrameProxy(InetSocketAddress target, int digits) throws IOException {
        ServerSocket bound = null;
        for (int tries = 0; tries < 50 && bound == null; tries++) {
            ServerSocket candidate = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            if (Integer.toString(candidate.getLocalPort()).length() == digits) {
                bound = candidate;
            } else {
                candidate.close();
            }
        }
        if (bound == null) {
            throw new IOException("no free port with " + digits + " digits");
        }
        this.server = bound;
        this.target = target;
        Thread acceptor = new Thread(this::accept, "frame-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Rewrites every frame from the server (same length) with {@code replace}. */
    void rewriteServerFrames(String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        if (a.length != b.length) {
            throw new IllegalArgumentException("rewrites keep the length: " + from + " vs " + to);
        }
        rewrite = frame -> {
            for (int i = 0; i + a.length <= frame.length; i++) {
                boolean match = true;
                for (int j = 0; j < a.length && match; j++) {
                    match = frame[i + j] == a[j];
                }
                if (match) {
                    System.arraycopy(b, 0, frame, i, b.length);
                }
            }
            return frame;
        };
    }

    /** Drops the next {@code count} server frames containing {@code marker}. */
    void dropResponses(String marker, int count) {
        dropMarker = marker;
        toDrop.set(count);
    }

    int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(upstream);
                }
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        Thread thread = new Thread(
                () -> {
                    try (DataInputStream in = new DataInputStream(from.getInputStream());
                            DataOutputStream out = new DataOutputStream(to.getOutputStream())) {
                        while (true) {
                            int length = in.readInt();
                            byte[] frame = new byte[length];
                            in.readFully(frame);
                            if (fromServer) {
                                frame = rewrite.apply(frame);
                                if (shouldDrop(frame)) {
                                    continue;
                                }
                            }
                            out.writeInt(length);
                            out.write(frame);
                            out.flush();
                        }
                    } catch (IOException e) {
                        closeQuietly(to);
                    }
                },
                "frame-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private boolean shouldDrop(byte[] frame) {
        if (toDrop.get() <= 0 || !new String(frame, StandardCharsets.ISO_8859_1).contains(dropMarker)) {
            return false;
        }
        if (toDrop.getAndDecrement() > 0) {
            dropped.incrementAndGet();
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed by the other pump
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }
}
