package io.sluice.mq.protocol.message;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Offset message ids (REMOTING.md 3.5): uppercase hex of store host address, port (int32) and the
 * commit-log position (int64); 32 hex characters for IPv4, 56 for IPv6. Clients decode them to
 * find the broker and position of a message. Thread-safe (stateless).
 */
public final class MessageIds {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private MessageIds() {}

    /** The id of the message stored at {@code logPosition} on the broker at {@code storeHost}. */
    public static String offsetMessageId(HostAddress storeHost, long logPosition) {
        ByteBuffer bytes = ByteBuffer.allocate(storeHost.encodedLength() + 8);
        storeHost.writeTo(bytes);
        bytes.putLong(logPosition);
        return HEX.formatHex(bytes.array());
    }

    /** A decoded offset id. */
    public record OffsetId(HostAddress storeHost, long logPosition) {

        /** "ip:port" of the broker, as clients connect to it. */
        public String brokerAddress() {
            byte[] ip = storeHost.ip();
            try {
                return java.net.InetAddress.getByAddress(ip).getHostAddress() + ":" + storeHost.port();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("4- or 16-byte address rejected", e);
            }
        }
    }

    /** Decodes an offset id; anything but 32 or 56 hex characters is a {@link ProtocolException}. */
    public static OffsetId decode(String id) {
        if (id == null || (id.length() != 32 && id.length() != 56)) {
            throw new ProtocolException("not an offset message id (32 or 56 hex chars): " + id);
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(id);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("offset message id is not hex: " + id, e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] ip = new byte[id.length() == 32 ? 4 : 16];
        in.get(ip);
        int port = in.getInt();
        long position = in.getLong();
        if (port < 0 || port > 0xFFFF) {
            throw new ProtocolException("offset message id has port " + port + ": " + id);
        }
        return new OffsetId(HostAddress.of(ip, port), position);
    }
}
