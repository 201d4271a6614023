package io.sluice.mq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.common.ConfigKey;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.store.FlushMode;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {

    @TempDir
    Path dir;

    private static Properties properties(String text) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    private BrokerConfig parse(String text) throws Exception {
        return BrokerConfig.fromProperties(properties("storePathRootDir=" + dir + "\n" + text));
    }

    @Test
    void sampleProductionFileParses() throws Exception {
        BrokerConfig config = BrokerConfig.fromFile(Path.of("..", "config", "broker.conf"));
        assertThat(config.autoCreateTopicEnable()).isFalse();
        assertThat(config.namesrvAddresses()).containsExactly("127.0.0.1:9876");
        assertThat(config.listenPort()).isEqualTo(10911);
        assertThat(config.fileReservedTime()).isEqualTo(Duration.ofHours(72));
        assertThat(config.enablePropertyFilter())
                .as("SQL92 served by default (RocketMQ: false)")
                .isTrue();
    }

    @Test
    void fileWithRocketMqKeysParsesIntoTypedValues() throws Exception {
        Path file = dir.resolve("broker.conf");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "storePathRootDir=" + dir.resolve("store"),
                        "brokerClusterName=Prod",
                        "brokerName=broker-b",
                        "brokerIP1=10.1.2.3",
                        "listenPort=0",
                        "namesrvAddr=10.0.0.1:9876; 10.0.0.2:9876",
                        "flushDiskType=SYNC_FLUSH",
                        "syncFlushTimeout=2000",
                        "shortPollingTimeMills=500",
                        "longPollingEnable=false",
                        "enablePropertyFilter=false",
                        "mappedFileSizeCommitLog=67108864",
                        "mappedFileSizeConsumeQueue=6000",
                        "sendMessageThreadPoolNums=2",
                        "diskMaxUsedSpaceRatio=80"));
        BrokerConfig config = BrokerConfig.fromFile(file);

        assertThat(config.clusterName()).isEqualTo("Prod");
        assertThat(config.brokerName()).isEqualTo("broker-b");
        assertThat(config.advertisedAddress(10911)).isEqualTo("10.1.2.3:10911");
        assertThat(config.namesrvAddresses()).containsExactly("10.0.0.1:9876", "10.0.0.2:9876");
        assertThat(config.flushMode()).isEqualTo(FlushMode.SYNC_FLUSH);
        assertThat(config.syncFlushTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.longPollingEnable()).isFalse();
        assertThat(config.enablePropertyFilter()).isFalse();
        assertThat(config.threads().sendThreads()).isEqualTo(2);
        assertThat(config.storeConfig(HostAddress.loopback(1)).consumeQueueFileEntries())
                .isEqualTo(300);
        assertThat(config.storeConfig(HostAddress.loopback(1)).diskMaxUsedSpaceRatio())
                .isEqualTo(0.8);
    }

    @Test
    void unknownKeyIsRefusedNamingIt() {
        assertThatThrownBy(() -> parse("deleteWhen=04"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'deleteWhen'")
                .hasMessageContaining("'04'");
    }

    @Test
    void badValuesAreRefusedNamingKeyAndValue() {
        assertThatThrownBy(() -> parse("listenPort=ten"))
                .hasMessageContaining("listenPort")
                .hasMessageContaining("ten");
        assertThatThrownBy(() -> parse("listenPort=70000"))
                .hasMessageContaining("listenPort")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> parse("autoCreateTopicEnable=yes"))
                .hasMessageContaining("autoCreateTopicEnable")
                .hasMessageContaining("yes");
        assertThatThrownBy(() -> parse("flushDiskType=SOMETIMES"))
                .hasMessageContaining("flushDiskType")
                .hasMessageContaining("SOMETIMES");
        assertThatThrownBy(() -> parse("brokerIP1=broker.example.com"))
                .hasMessageContaining("brokerIP1")
                .hasMessageContaining("broker.example.com");
        assertThatThrownBy(() -> parse("namesrvAddr=localhost"))
                .hasMessageContaining("namesrvAddr")
                .hasMessageContaining("localhost");
        assertThatThrownBy(() -> parse("registerNameServerPeriod=0"))
                .hasMessageContaining("registerNameServerPeriod")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> parse("producerIdExpiry=-5"))
                .hasMessageContaining("producerIdExpiry")
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> parse("producerIdExpiry=week"))
                .hasMessageContaining("producerIdExpiry")
                .hasMessageContaining("week");
    }

    @Test
    void producerIdExpiryDefaultsToSevenDaysAndParses() throws Exception {
        assertThat(BrokerConfig.builder(Path.of("/tmp/x"))
                        .build()
                        .transactions()
                        .producerIdExpiry())
                .isEqualTo(Duration.ofDays(7));
        assertThat(parse("producerIdExpiry=60000").transactions().producerIdExpiry())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void onlyMastersAreSupported() {
        assertThatThrownBy(() -> parse("brokerId=1"))
                .hasMessageContaining("brokerId")
                .hasMessageContaining("'1'")
                .hasMessageContaining("only 0");
        assertThatThrownBy(() -> parse("brokerRole=SLAVE")).hasMessageContaining("brokerRole");
    }

    @Test
    void storeRootIsRequired() {
        assertThatThrownBy(() -> BrokerConfig.fromProperties(properties("brokerName=x")))
                .hasMessageContaining("storePathRootDir");
    }

    @Test
    void everyKeyIsDocumentedUniqueAndItsDefaultParses() throws Exception {
        List<ConfigKey<BrokerConfig.Builder>> keys = BrokerConfigKeys.ALL;
        Set<String> names = new HashSet<>();
        StringBuilder defaults = new StringBuilder();
        for (ConfigKey<BrokerConfig.Builder> key : keys) {
            assertThat(names.add(key.name())).as("duplicate " + key.name()).isTrue();
            assertThat(key.doc()).as(key.name()).isNotBlank();
            if (!key.name().equals(BrokerConfigKeys.NAMESRV_ADDR)) {
                defaults.append(key.name())
                        .append('=')
                        .append(key.defaultValue())
                        .append('\n');
            }
        }
        BrokerConfig fromDefaults = parse(defaults.toString());
        BrokerConfig builderDefaults = BrokerConfig.builder(dir).build();
        assertThat(fromDefaults.listenPort()).isEqualTo(builderDefaults.listenPort());
        assertThat(fromDefaults.autoCreateTopicEnable()).isTrue();
        assertThat(fromDefaults.registerPeriod()).isEqualTo(builderDefaults.registerPeriod());
        assertThat(fromDefaults.maxMessageSizeBytes()).isEqualTo(builderDefaults.maxMessageSizeBytes());
    }
}
