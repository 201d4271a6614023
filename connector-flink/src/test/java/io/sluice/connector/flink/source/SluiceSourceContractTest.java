package io.sluice.connector.flink.source;

import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * Flink's own source contract ({@code SourceTestSuiteBase} from flink-connector-test-utils): single
 * and multiple splits, savepoint, scale up and down, metrics, idle readers and task manager
 * failure, run on a MiniCluster against an in-process Sluice broker, with exactly-once semantics.
 */
class SluiceSourceContractTest extends SourceTestSuiteBase<String> {

    @TestSemantics
    CheckpointingMode[] semantics = new CheckpointingMode[] {CheckpointingMode.EXACTLY_ONCE};

    @TestEnv
    MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestExternalSystem
    SluiceExternalSystem sluice = new SluiceExternalSystem();

    @TestContext
    ExternalContextFactory<SluiceSourceContext> contexts = testName -> new SluiceSourceContext(sluice, testName);
}
