package io.sluice.mq.standalone;

import io.sluice.mq.launcher.SluiceMain;
import java.io.IOException;
import java.io.InputStream;

/**
 * The child JVM of {@link SluiceChildProcess}: exactly {@code sluice <args>} ({@link
 * SluiceMain#main}), plus a watcher that exits the JVM (running the graceful-shutdown hook) when
 * stdin reaches end of file, i.e. when the parent test JVM is gone, so a crashed test run never
 * leaves a broker holding its ports.
 */
public final class StandaloneChild {

    private StandaloneChild() {}

    public static void main(String[] args) {
        Thread watcher = new Thread(StandaloneChild::exitWhenParentIsGone, "standalone-child-stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        SluiceMain.main(args);
    }

    private static void exitWhenParentIsGone() {
        InputStream in = System.in;
        byte[] sink = new byte[256];
        try {
            while (in.read(sink) >= 0) {
                // Discard; only end of file matters.
            }
        } catch (IOException e) {
            // A broken stdin means the parent is gone, like end of file.
        }
        System.exit(0);
    }
}
