package io.sluice.mq.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.ManualClock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UniqueIdGeneratorTest {

    @Test
    void idsAre32UppercaseHexWithIpPidSaltTimeAndCounter() {
        long start = Instant.parse("2026-11-03T00:00:01.500Z").toEpochMilli();
        ManualClock clock = new ManualClock(start);
        UniqueIdGenerator ids = new UniqueIdGenerator("127.0.0.1", 0x628F, 0x30946E09, clock);
        String first = ids.next();
        assertThat(first).matches("[0-9A-F]{32}");
        assertThat(first).startsWith("7F000001" + "628F" + "30946E09");
        long sinceMonthStart = 2L * 24 * 3600 * 1000 + 1500;
        assertThat(first.substring(20, 28)).isEqualTo(String.format("%08X", sinceMonthStart));
        assertThat(first.substring(28)).isEqualTo("0001");
        assertThat(ids.next().substring(28)).isEqualTo("0002");
    }

    @Test
    void idsAreUniqueAndIpv6AddressesGive56Characters() {
        UniqueIdGenerator ids = new UniqueIdGenerator("127.0.0.1", 1, 2, new ManualClock(1_000_000));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ids.next())).isTrue();
        }
        assertThat(new UniqueIdGenerator("fd00::2", 1, 2, new ManualClock(1)).next())
                .hasSize(56);
    }
}
