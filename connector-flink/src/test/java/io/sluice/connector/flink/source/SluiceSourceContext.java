package io.sluice.connector.flink.source;

import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.mq.common.MessageQueue;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;

/**
 * One test case's view of Sluice for Flink's {@code SourceTestSuiteBase}: every split data writer
 * gets its own single-queue topic {@code <base>-<n>}, and the source reads the topic pattern
 * {@code <base>-.*} with a short discovery interval, so splits written after the job started (the
 * scale-up and scale-down cases) are discovered as new topics.
 */
final class SluiceSourceContext implements DataStreamSourceExternalContext<String> {

    private final SluiceExternalSystem system;
    private final String base;
    private final List<String> topics = new ArrayList<>();

    SluiceSourceContext(SluiceExternalSystem system, String testName) {
        this.system = system;
        this.base = "contract-" + testName.replaceAll("[^A-Za-z0-9]", "") + "-" + Long.toHexString(System.nanoTime());
    }

    @Override
    public Source<String, ?, ?> createSource(TestingSourceSettings settings) {
        SluiceSourceBuilder<String> builder = SluiceSource.<String>builder()
                .setNamesrvAddresses(system.sluice().namesrv())
                .setGroup(base + "-group")
                .setTopicPattern(Pattern.compile(Pattern.quote(base) + "-\\d+"))
                .setDiscoveryInterval(Duration.ofMillis(500))
                .setValueOnlyDeserializer(new SimpleStringSchema());
        if (settings.getBoundedness() == Boundedness.BOUNDED) {
            builder.setBounded(StoppingOffsets.latest());
        }
        return builder.build();
    }

    @Override
    public ExternalSystemSplitDataWriter<String> createSourceSplitDataWriter(TestingSourceSettings settings) {
        String topic = base + "-" + topics.size();
        topics.add(topic);
        MessageQueue queue;
        try {
            queue = system.sluice().createTopic(topic, 1).get(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new ExternalSystemSplitDataWriter<>() {
            @Override
            public void writeRecords(List<String> records) {
                long before = system.sluice().maxOffset(queue);
                records.forEach(r -> system.sluice().send(queue, r, null, Map.of()));
                awaitVisible(queue, before + records.size());
            }

            @Override
            public void close() {}
        };
    }

    /**
     * Waits until the broker's max offset covers every acknowledged record. A send is acknowledged
     * once written and indexed a moment later (as in RocketMQ), and a bounded read that resolves
     * "latest" in between would stop short of records the suite counts as written.
     */
    private void awaitVisible(MessageQueue queue, long end) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (system.sluice().maxOffset(queue) < end) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(queue + " did not reach offset " + end + " within 20 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public List<String> generateTestData(TestingSourceSettings settings, int splitIndex, long seed) {
        Random random = new Random(seed);
        int count = 50 + random.nextInt(100);
        List<String> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add("split-" + splitIndex + "-" + i + "-" + Long.toHexString(random.nextLong()));
        }
        return records;
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return TypeInformation.of(String.class);
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        return List.of();
    }

    @Override
    public void close() {}
}
