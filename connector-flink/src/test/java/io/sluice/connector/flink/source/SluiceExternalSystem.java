package io.sluice.connector.flink.source;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.connector.testframe.TestResource;

/** An in-process Sluice broker as the connector test framework's external system. */
final class SluiceExternalSystem implements TestResource {

    private Path dir;
    private EmbeddedSluice sluice;

    @Override
    public void startUp() throws Exception {
        dir = Files.createTempDirectory("sluice-contract");
        sluice = new EmbeddedSluice(dir);
    }

    @Override
    public void tearDown() throws Exception {
        sluice.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    EmbeddedSluice sluice() {
        return sluice;
    }
}
