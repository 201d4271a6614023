package io.sluice.mq.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.standalone.StandaloneCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceMainTest {

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return SluiceMain.run(new SystemClock(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("--help")).isZero();

        assertThat(out.toString()).contains("standalone", "namesrv", "broker", "bench");
    }

    @Test
    void unknownConfigKeysAreRefusedNamingTheKey() {
        int status = run("broker", "--set", "storePathRootDir=" + directory, "--set", "listenPortt=10911");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("listenPortt");
    }

    @Test
    void invalidValuesInAConfigFileAreRefusedNamingKeyAndValue() throws Exception {
        Path config = directory.resolve("broker.conf");
        Files.writeString(config, "storePathRootDir=" + directory + "\nflushDiskType=SOMETIMES\n");

        int status = run("broker", "--config", config.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("flushDiskType").contains("SOMETIMES");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        int status =
                run("standalone", "--config", directory.resolve("absent.conf").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("absent.conf");
    }

    @Test
    void benchProducesAndConsumesAgainstARunningCluster() throws Exception {
        BrokerConfig config =
                BrokerConfig.builder(directory).ephemeralLoopback().build();
        try (StandaloneCluster cluster = StandaloneCluster.start(config, new SystemClock())) {
            int produced = run(
                    "bench",
                    "produce",
                    "--namesrv",
                    cluster.namesrvAddress(),
                    "--topic",
                    "BenchT",
                    "--threads",
                    "2",
                    "--size",
                    "256",
                    "--filter-props",
                    "--duration",
                    "1");
            int consumed = run(
                    "bench",
                    "consume",
                    "--namesrv",
                    cluster.namesrvAddress(),
                    "--topic",
                    "BenchT",
                    "--messages",
                    "100",
                    "--duration",
                    "20");

            int filtered = run(
                    "bench",
                    "consume",
                    "--namesrv",
                    cluster.namesrvAddress(),
                    "--topic",
                    "BenchT",
                    "--sql",
                    "a > 5",
                    "--duration",
                    "20");

            assertThat(produced).as(err.toString()).isZero();
            assertThat(consumed).as(err.toString()).isZero();
            assertThat(filtered).as(err.toString()).isZero();
            assertThat(out.toString())
                    .containsPattern("produce SYNC size=256 batch=1 threads=2: [1-9][0-9,]* msgs")
                    .containsPattern("consume from EARLIEST: [1-9][0-9,]* msgs")
                    .containsPattern("consume from EARLIEST sql=\"a > 5\": [1-9][0-9,]* msgs")
                    .containsPattern("queue entries scanned: [1-9][0-9,]* in .* \\([0-9.]+% delivered\\)")
                    .contains("p999");
        }
    }
}
