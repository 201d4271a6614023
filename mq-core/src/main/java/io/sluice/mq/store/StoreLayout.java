package io.sluice.mq.store;

import java.nio.file.Path;

/**
 * Where each part of a store lives under {@code storePathRootDir}.
 *
 * <pre>
 * root/
 *   commitlog/&lt;20-digit base position&gt;        segments, the source of truth
 *   consumequeue/&lt;topic&gt;/&lt;queueId&gt;/&lt;base offset&gt; derived queue index
 *   index/&lt;20-digit first position&gt;            derived key index
 *   checkpoint/dispatch                          how far derived files are durable
 *   config/consumerOffsets                       consumer-group offsets
 *   clean-shutdown                               present only after a clean close
 * </pre>
 *
 * @param root the store root
 */
record StoreLayout(Path root) {

    Path commitLog() {
        return root.resolve("commitlog");
    }

    Path consumeQueues() {
        return root.resolve("consumequeue");
    }

    Path index() {
        return root.resolve("index");
    }

    Path dispatchCheckpoint() {
        return root.resolve("checkpoint").resolve("dispatch");
    }

    Path consumerOffsets() {
        return root.resolve("config").resolve("consumerOffsets");
    }

    Path cleanShutdownMarker() {
        return root.resolve("clean-shutdown");
    }
}
