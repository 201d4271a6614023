package io.sluice.mq.broker.admin;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.protocol.RemotingVersion;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.store.FileMessageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key/value table of GET_BROKER_RUNTIME_INFO (28), with the keys {@code mqadmin clusterList}
 * and {@code brokerStatus} read: version, put rate, commit-log extent and disk ratio, age of the
 * oldest message, boot time. The put rate ({@code putTps}) is the average since the previous
 * request (RocketMQ reports 10 s / 1 min / 10 min windows; Sluice repeats its one figure three
 * times); transfers to consumers are not counted ({@code getTransferredTps} is 0), and the timer and
 * page-cache figures RocketMQ reports are 0 because Sluice has no such stages.
 *
 * <p>Thread-safe: the rate sample is updated under this object's lock.
 */
final class RuntimeInfo {

    private final FileMessageStore store;
    private final Path storeRoot;
    private final Clock clock;
    private final long bootMs;
    private long lastSampleMs;
    private long lastPutTotal;

    RuntimeInfo(FileMessageStore store, Path storeRoot, Clock clock) {
        this.store = store;
        this.storeRoot = storeRoot;
        this.clock = clock;
        this.bootMs = clock.nowMs();
        this.lastSampleMs = bootMs;
    }

    Map<String, String> table() throws IOException {
        Map<String, String> table = new TreeMap<>();
        long now = clock.nowMs();
        long putTotal = putTotal();
        String putTps = String.format(Locale.ROOT, "%.2f", putRate(now, putTotal));
        table.put("brokerVersionDesc", "Sluice-" + implementationVersion());
        table.put("brokerVersion", Integer.toString(RemotingVersion.CURRENT));
        table.put("bootTimestamp", Long.toString(bootMs));
        table.put("runtime", runtime(now - bootMs));
        table.put("putTps", putTps + " " + putTps + " " + putTps);
        table.put("getTransferredTps", "0.00 0.00 0.00");
        table.put("getTransferedTps", "0.00 0.00 0.00"); // RocketMQ 4.x's spelling, read by its mqadmin
        table.put("msgPutTotalTodayNow", Long.toString(putTotal));
        table.put("msgGetTotalTodayNow", "0");
        table.put("commitLogMinOffset", Long.toString(store.minLogPosition()));
        table.put("commitLogMaxOffset", Long.toString(store.writtenPosition()));
        table.put("dispatchBehindBytes", Long.toString(store.writtenPosition() - store.dispatchedPosition()));
        table.put("earliestMessageTimeStamp", Long.toString(earliestStoreTime()));
        table.put("commitLogDiskRatio", diskRatio());
        table.put("pageCacheLockTimeMills", "0");
        table.put("brokerActive", "true");
        for (String timer : new String[] {"timerReadBehind", "timerOffsetBehind", "timerCongestNum"}) {
            table.put(timer, "0");
        }
        table.put("timerEnqueueTps", "0.0");
        table.put("timerDequeueTps", "0.0");
        return table;
    }

    /** Messages stored in every queue: the sum of their next offsets. */
    private long putTotal() {
        long total = 0;
        for (TopicQueue queue : store.queues()) {
            total += store.maxOffset(queue.topic(), queue.queueId());
        }
        return total;
    }

    private synchronized double putRate(long nowMs, long putTotal) {
        long elapsed = nowMs - lastSampleMs;
        if (elapsed <= 0) {
            return 0;
        }
        double rate = Math.max(0, putTotal - lastPutTotal) * 1000.0 / elapsed;
        lastSampleMs = nowMs;
        lastPutTotal = putTotal;
        return rate;
    }

    private long earliestStoreTime() throws IOException {
        if (store.writtenPosition() <= store.minLogPosition()) {
            return 0;
        }
        ByteBuffer record = store.readRecord(store.minLogPosition());
        return StoredMessageDecoder.decodeAll(record).get(0).storeTimestamp();
    }

    private String diskRatio() throws IOException {
        FileStore disk = Files.getFileStore(storeRoot);
        long total = disk.getTotalSpace();
        double used = total <= 0 ? 0 : (double) (total - disk.getUsableSpace()) / total;
        return String.format(Locale.ROOT, "%.2f", used);
    }

    private static String runtime(long millis) {
        long seconds = millis / 1000;
        return String.format(
                Locale.ROOT,
                "[ %d days, %d hours, %d minutes, %d seconds ]",
                seconds / 86_400,
                seconds / 3600 % 24,
                seconds / 60 % 60,
                seconds % 60);
    }

    private static String implementationVersion() {
        String version = RuntimeInfo.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
