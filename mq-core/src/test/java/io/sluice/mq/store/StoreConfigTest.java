package io.sluice.mq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.common.HostAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    private static final Path ROOT = Path.of("/tmp/x");

    @Test
    void defaultsFollowRocketMq() {
        StoreConfig config = StoreConfig.builder(ROOT).build();
        assertThat(config.segmentSizeBytes()).isEqualTo(1 << 30);
        assertThat(config.maxMessageSizeBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.flushMode()).isEqualTo(FlushMode.ASYNC_FLUSH);
        assertThat(config.fileReservedTime().toHours()).isEqualTo(72);
        assertThat(config.diskMaxUsedSpaceRatio()).isEqualTo(0.75);
    }

    @Test
    void segmentSmallerThanTwoRecordsIsRejectedNamingTheKey() {
        assertThatThrownBy(
                        () -> StoreConfig.builder(ROOT).segmentSizeBytes(1024).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mappedFileSizeCommitLog")
                .hasMessageContaining("1024");
    }

    @Test
    void ratiosOutsideZeroToOneAreRejectedNamingTheKey() {
        assertThatThrownBy(() ->
                        StoreConfig.builder(ROOT).diskMaxUsedSpaceRatio(1.5).build())
                .hasMessageContaining("diskMaxUsedSpaceRatio")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() ->
                        StoreConfig.builder(ROOT).diskSpaceWarningLevelRatio(0).build())
                .hasMessageContaining("diskSpaceWarningLevelRatio");
    }

    @Test
    void unsafeTopicNamesAreRejected() {
        assertThatThrownBy(() -> MessageDraft.of("../etc", 0, new byte[0], "", 1L, HostAddress.loopback(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../etc'");
        assertThat(MessageDraft.of("%RETRY%group-1|x", 0, new byte[0], "", 1L, HostAddress.loopback(1))
                        .topic())
                .isEqualTo("%RETRY%group-1|x");
    }
}
