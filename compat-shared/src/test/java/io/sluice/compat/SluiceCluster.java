package io.sluice.compat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.broker.schedule.DelayLevels;
import io.sluice.mq.broker.schedule.ScheduleConfig;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Sluice standalone cluster (nameserver + broker, 127.0.0.1, ephemeral ports, temp store) shared
 * by every test class of the JVM; JUnit closes it when the run ends. Tests isolate themselves by
 * unique topic and group names.
 */
public final class SluiceCluster implements BeforeAllCallback {

    private static volatile Running running;

    /** The nameserver address of the running cluster. */
    static String namesrvAddress() {
        return running.cluster().namesrvAddress();
    }

    /** The broker address of the running cluster. */
    static String brokerAddress() {
        return running.cluster().brokerAddress();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SluiceCluster.class, key -> Running.start(), Running.class);
    }

    /** The cluster and its directory, closed by JUnit at the end of the run. */
    record Running(StandaloneCluster cluster, Path directory) implements ExtensionContext.Store.CloseableResource {

        static Running start() {
            try {
                Path directory = Files.createTempDirectory("sluice-compat");
                // Short delay levels so delay and retry scenarios finish quickly: level 2 is 2 s, the
                // retry backoff levels (3 + reconsumeTimes) are 1 s.
                String levels = "1s 2s " + String.join(" ", Collections.nCopies(16, "1s"));
                BrokerConfig config = BrokerConfig.builder(directory)
                        .ephemeralLoopback()
                        .schedule(ScheduleConfig.defaults().withDelayLevels(DelayLevels.parse(levels)))
                        .build();
                return new Running(StandaloneCluster.start(config, new SystemClock()), directory);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the Sluice cluster", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted starting the Sluice cluster", e);
            }
        }

        @Override
        public void close() throws IOException {
            cluster.close();
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
