package io.sluice.mq.client.internal;

import io.sluice.mq.common.Clock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client-side unique message ids, the {@code UNIQ_KEY} property (REMOTING.md 3.5): uppercase hex of
 * the client IP (4 or 16 bytes), a 2-byte process id, a 4-byte per-instance random value, the
 * milliseconds since the start of the current month (UTC, 4 bytes) and a 2-byte counter; 32 hex
 * characters for IPv4. Thread-safe.
 */
public final class UniqueIdGenerator {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final String prefix;
    private final Clock clock;
    private final AtomicInteger counter = new AtomicInteger();
    private volatile long monthStartMs = Long.MIN_VALUE;
    private volatile long nextMonthStartMs = Long.MIN_VALUE;

    /**
     * @param clientIp the client's address (IPv4 or IPv6 literal)
     * @param pid the process id (its low 16 bits are used)
     * @param instanceRandom a random value that tells instances in one process apart
     * @param clock source of the time part
     */
    public UniqueIdGenerator(String clientIp, long pid, int instanceRandom, Clock clock) {
        byte[] ip;
        try {
            ip = InetAddress.getByName(clientIp).getAddress();
        } catch (UnknownHostException e) {
            ip = new byte[] {127, 0, 0, 1};
        }
        ByteBuffer fixed = ByteBuffer.allocate(ip.length + 6);
        fixed.put(ip).putShort((short) pid).putInt(instanceRandom);
        this.prefix = HEX.formatHex(fixed.array());
        this.clock = clock;
    }

    /** A new id. */
    public String next() {
        long now = clock.nowMs();
        if (now < monthStartMs || now >= nextMonthStartMs) {
            ZonedDateTime time = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC);
            ZonedDateTime start = time.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
            monthStartMs = start.toInstant().toEpochMilli();
            nextMonthStartMs = start.plusMonths(1).toInstant().toEpochMilli();
        }
        ByteBuffer variable = ByteBuffer.allocate(6);
        variable.putInt((int) (now - monthStartMs)).putShort((short) counter.incrementAndGet());
        return prefix + HEX.formatHex(variable.array());
    }
}
