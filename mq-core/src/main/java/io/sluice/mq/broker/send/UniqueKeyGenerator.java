package io.sluice.mq.broker.send;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.HostAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes {@code UNIQ_KEY} values for messages whose producer sent none, in the layout the official
 * clients use (REMOTING.md 3.5) so tools that decode it keep working: uppercase hex of address (4 or
 * 16 bytes), a 2-byte process tag (here the broker's port), a 4-byte instance tag (fixed per broker
 * start), the milliseconds since the start of the month (4 bytes; clients read a send time from it;
 * the month is taken in UTC) and a 2-byte counter.
 *
 * <p>Thread-safe.
 */
public final class UniqueKeyGenerator {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final byte[] address;
    private final short processTag;
    private final int instanceTag;
    private final Clock clock;
    private final AtomicInteger counter = new AtomicInteger();

    /**
     * @param host the broker's advertised address
     * @param instanceTag distinguishes this broker run from earlier ones on the same address
     * @param clock source of the time field
     */
    public UniqueKeyGenerator(HostAddress host, int instanceTag, Clock clock) {
        this.address = host.ip();
        this.processTag = (short) host.port();
        this.instanceTag = instanceTag;
        this.clock = clock;
    }

    /** A new key. */
    public String next() {
        long now = clock.nowMs();
        long monthStart = ZonedDateTime.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC)
                .withDayOfMonth(1)
                .toLocalDate()
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        ByteBuffer bytes = ByteBuffer.allocate(address.length + 12);
        bytes.put(address)
                .putShort(processTag)
                .putInt(instanceTag)
                .putInt((int) (now - monthStart))
                .putShort((short) counter.getAndIncrement());
        return HEX.formatHex(bytes.array());
    }
}
