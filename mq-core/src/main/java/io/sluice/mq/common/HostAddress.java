package io.sluice.mq.common;

import java.util.Arrays;

/**
 * An IP address (4 bytes for IPv4, 16 for IPv6) and a port, as RocketMQ encodes born and store
 * hosts in stored messages and message ids. Immutable; the array is copied in and out.
 */
public final class HostAddress {

    private final byte[] ip;
    private final int port;

    private HostAddress(byte[] ip, int port) {
        this.ip = ip;
        this.port = port;
    }

    /** An address from raw bytes; {@code ip} must be 4 or 16 bytes long. */
    public static HostAddress of(byte[] ip, int port) {
        Checks.argument(ip.length == 4 || ip.length == 16, "ip must be 4 or 16 bytes, was %s", ip.length);
        Checks.argument(port >= 0 && port <= 0xFFFF, "port out of range: %s", port);
        return new HostAddress(ip.clone(), port);
    }

    /** 127.0.0.1 with the given port. */
    public static HostAddress loopback(int port) {
        return of(new byte[] {127, 0, 0, 1}, port);
    }

    /** A copy of the address bytes. */
    public byte[] ip() {
        return ip.clone();
    }

    /** The port. */
    public int port() {
        return port;
    }

    /** Whether the address is IPv6 (16 bytes), which changes the stored layout. */
    public boolean isIpv6() {
        return ip.length == 16;
    }

    /** Bytes this address takes in a stored record: address plus a 4-byte port. */
    public int encodedLength() {
        return ip.length + 4;
    }

    /** Writes the address bytes then the port as int32 into {@code out}. */
    public void writeTo(java.nio.ByteBuffer out) {
        out.put(ip);
        out.putInt(port);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostAddress that && port == that.port && Arrays.equals(ip, that.ip);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ip) + port;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (isIpv6()) {
            for (int i = 0; i < 16; i += 2) {
                text.append(i == 0 ? "" : ":").append(Integer.toHexString(((ip[i] & 0xFF) << 8) | (ip[i + 1] & 0xFF)));
            }
            return "[" + text + "]:" + port;
        }
        for (int i = 0; i < 4; i++) {
            text.append(i == 0 ? "" : ".").append(ip[i] & 0xFF);
        }
        return text + ":" + port;
    }
}
