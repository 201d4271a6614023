package io.sluice.mq.broker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.protocol.body.SubscriptionGroupConfig;
import io.sluice.mq.store.MetadataFile;
import io.sluice.mq.store.io.FileStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Administrator-configured groups survive a restart; auto-created ones are not written. */
class SubscriptionGroupsTest {

    @TempDir
    Path dir;

    private MetadataFile file() {
        return new MetadataFile(new FileStorage(), dir.resolve("subscription-groups"));
    }

    private static SubscriptionGroupConfig orderlyWithThreeRetries(String group) {
        SubscriptionGroupConfig d = SubscriptionGroupConfig.defaults(group);
        return new SubscriptionGroupConfig(group, true, false, false, true, d.retryQueueNums(), 3, 0, 1, true);
    }

    @Test
    void configuredGroupsComeBackWithTheirSettingsAndDeletedOnesDoNot() throws IOException {
        SubscriptionGroups before = SubscriptionGroups.load(file(), false);
        before.put(orderlyWithThreeRetries("CG_orders"));
        before.put(orderlyWithThreeRetries("CG_gone"));
        assertThat(before.remove("CG_gone")).isTrue();

        SubscriptionGroups after = SubscriptionGroups.load(file(), false);

        assertThat(after.get("CG_orders")).isEqualTo(orderlyWithThreeRetries("CG_orders"));
        assertThat(after.get("CG_orders").retryMaxTimes()).isEqualTo(3);
        assertThat(after.exists("CG_gone")).isFalse();
        assertThat(after.ensure("CG_unknown")).as("auto-creation is off").isFalse();
    }

    @Test
    void autoCreatedGroupsStayInMemory() throws IOException {
        SubscriptionGroups before = SubscriptionGroups.load(file(), true);
        assertThat(before.ensure("CG_heartbeat")).isTrue();

        assertThat(SubscriptionGroups.load(file(), false).exists("CG_heartbeat"))
                .isFalse();
    }

    @Test
    void aCorruptFileStopsStartupNamingTheFile() throws IOException {
        SubscriptionGroups.load(file(), false).put(orderlyWithThreeRetries("CG_orders"));
        Path path = dir.resolve("subscription-groups");
        byte[] bytes = Files.readAllBytes(path);
        bytes[bytes.length - 2] ^= 0x20;
        Files.write(path, bytes);

        assertThatThrownBy(() -> SubscriptionGroups.load(file(), false)).hasMessageContaining("subscription-groups");
    }

    @Test
    void validFramingWithBadJsonIsRefusedNamingTheFile() throws IOException {
        file().write((short) 1, "{\"groups\":[{\"consumeEnable\":true}]}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> SubscriptionGroups.load(file(), false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("subscription-groups")
                .hasMessageContaining("groupName");
    }
}
