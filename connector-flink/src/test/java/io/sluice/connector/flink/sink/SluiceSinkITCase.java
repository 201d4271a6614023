package io.sluice.connector.flink.sink;

import io.sluice.mq.client.consumer.Consumer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.ExternalSystemDataReader;
import org.apache.flink.connector.testframe.external.sink.DataStreamSinkV2ExternalContext;
import org.apache.flink.connector.testframe.external.sink.TestingSinkSettings;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SinkTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * Flink's own sink contract suite ({@link SinkTestSuiteBase}: basic write, restart from a savepoint
 * at the same, higher and lower parallelism, the numRecordsSend metric) against an in-process
 * Sluice broker, with the AT_LEAST_ONCE and EXACTLY_ONCE guarantees (the suite checks the
 * EXACTLY_ONCE output for exact equality).
 */
class SluiceSinkITCase extends SinkTestSuiteBase<String> {

    @TestEnv
    MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestExternalSystem
    SinkTestCluster sluice = new SinkTestCluster();

    @TestSemantics
    CheckpointingMode[] semantics =
            new CheckpointingMode[] {CheckpointingMode.AT_LEAST_ONCE, CheckpointingMode.EXACTLY_ONCE};

    @TestContext
    ExternalContextFactory<SluiceContext> contexts = testName -> new SluiceContext(sluice);

    /** One topic per test case; the reader reads it from the start. */
    static final class SluiceContext implements DataStreamSinkV2ExternalContext<String> {

        private static final AtomicInteger PREFIXES = new AtomicInteger();

        private final SinkTestCluster cluster;
        /** One per test case, the same for a job and its restart from a savepoint. */
        private final String transactionalIdPrefix = "suite" + PREFIXES.incrementAndGet() + "_" + System.nanoTime();

        private String topic;
        private final List<Consumer> readers = new ArrayList<>();

        SluiceContext(SinkTestCluster cluster) {
            this.cluster = cluster;
        }

        private String topic() {
            if (topic == null) {
                topic = cluster.newTopic("suite", 4);
            }
            return topic;
        }

        @Override
        public Sink<String> createSink(TestingSinkSettings settings) {
            boolean exactlyOnce =
                    settings.getCheckpointingMode() == org.apache.flink.streaming.api.CheckpointingMode.EXACTLY_ONCE;
            return SluiceSink.<String>builder()
                    .setNameServerAddress(cluster.namesrvAddress())
                    .setDeliveryGuarantee(
                            exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                    .setTransactionalIdPrefix(transactionalIdPrefix)
                    .setTransactionTopic(topic())
                    .setRecordSerializer(SluiceRecordSerializer.<String>builder()
                            .setTopic(topic())
                            .setValueSerializationSchema(new SimpleStringSchema())
                            .build())
                    .build();
        }

        @Override
        public ExternalSystemDataReader<String> createSinkDataReader(TestingSinkSettings settings) {
            Consumer consumer = cluster.reader(topic());
            readers.add(consumer);
            return new ExternalSystemDataReader<>() {
                @Override
                public List<String> poll(Duration timeout) {
                    List<String> values = new ArrayList<>();
                    consumer.poll(timeout).forEach(m -> values.add(new String(m.body(), StandardCharsets.UTF_8)));
                    return values;
                }

                @Override
                public void close() {
                    consumer.close();
                }
            };
        }

        @Override
        public List<String> generateTestData(TestingSinkSettings settings, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int count = 200 + random.nextInt(300);
            List<String> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                records.add(i + "-" + Long.toHexString(random.nextLong()));
            }
            return records;
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }

        @Override
        public List<URL> getConnectorJarPaths() {
            return Collections.emptyList();
        }

        @Override
        public void close() {
            readers.forEach(Consumer::close);
        }

        @Override
        public String toString() {
            return "Sluice sink";
        }
    }
}
