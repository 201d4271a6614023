package io.sluice.connector.flink.source.enumerator;

import io.sluice.connector.flink.source.RemovedQueuePolicy;
import io.sluice.connector.flink.source.SourceSettings;
import io.sluice.connector.flink.source.enumerator.initializer.OffsetsLookup;
import io.sluice.connector.flink.source.enumerator.initializer.StartingOffsets;
import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.connector.flink.source.enumerator.subscriber.TopicCatalog;
import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.mq.common.MessageQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the queues to read, resolves where each starts (and stops), and hands each to one reader
 * ({@link QueueAssigner}). Discovery runs once, or every {@code discoveryInterval} for unbounded
 * sources, picking up new queues and topics; queues that vanish from the route get the {@link
 * RemovedQueuePolicy}. Bounded sources tell each reader "no more splits" once its splits are out.
 *
 * <p>Threading: every field is touched only on the coordinator thread (the methods Flink calls and
 * the handlers of {@code callAsync}); broker calls run in {@code callAsync}'s worker and only read
 * immutable inputs.
 */
@Internal
public final class SluiceSourceEnumerator implements SplitEnumerator<QueueSplit, SluiceEnumState> {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceSourceEnumerator.class);

    private final SplitEnumeratorContext<QueueSplit> context;
    private final SourceSettings settings;
    private final TopicCatalog catalog;
    private final OffsetsLookup lookup;
    private final AutoCloseable resources;
    private final Set<MessageQueue> assigned;
    private final Map<MessageQueue, QueueSplit> pending = new LinkedHashMap<>();
    private final Set<Integer> noMoreSplitsSignalled = new HashSet<>();
    private final Set<Integer> settledSignalled = new HashSet<>();
    private final Set<MessageQueue> resolving = new HashSet<>();
    private Set<MessageQueue> lastDiscovered = Set.of();
    private boolean initialDiscoveryDone;

    /**
     * @param resources closed with the enumerator (the client behind {@code catalog} and {@code lookup})
     */
    public SluiceSourceEnumerator(
            SplitEnumeratorContext<QueueSplit> context,
            SourceSettings settings,
            TopicCatalog catalog,
            OffsetsLookup lookup,
            AutoCloseable resources,
            SluiceEnumState restored) {
        this.context = context;
        this.settings = settings;
        this.catalog = catalog;
        this.lookup = lookup;
        this.resources = resources;
        this.assigned = new TreeSet<>(restored.assigned());
        restored.pending().forEach(split -> pending.put(split.queue(), split));
        this.initialDiscoveryDone = restored.initialDiscoveryDone();
    }

    /** An enumerator over {@code client}'s admin calls, which it closes. */
    public static SluiceSourceEnumerator create(
            SplitEnumeratorContext<QueueSplit> context,
            SourceSettings settings,
            io.sluice.mq.client.MqClient client,
            SluiceEnumState restored) {
        AdminCatalog catalog = new AdminCatalog(client.admin(), settings.group());
        return new SluiceSourceEnumerator(context, settings, catalog, catalog, client, restored);
    }

    @Override
    public void start() {
        if (settings.periodicDiscovery()) {
            long interval = settings.discoveryInterval().toMillis();
            context.callAsync(this::discover, this::onDiscovered, 0, interval);
        } else {
            context.callAsync(this::discover, this::onDiscovered);
        }
    }

    /** Worker thread: asks the cluster which queues the subscription covers now. */
    private Set<MessageQueue> discover() {
        return new TreeSet<>(settings.subscriber().discover(catalog));
    }

    private void onDiscovered(Set<MessageQueue> current, Throwable error) {
        if (error != null) {
            if (!initialDiscoveryDone) {
                throw new FlinkRuntimeException(
                        "cannot list the queues of " + settings.subscriber() + " at " + settings.namesrvAddresses(),
                        error);
            }
            LOG.warn("queue discovery failed, trying again in {}: {}", settings.discoveryInterval(), error.toString());
            return;
        }
        lastDiscovered = Set.copyOf(current);
        handleRemoved(current);
        List<MessageQueue> added = new ArrayList<>();
        for (MessageQueue queue : current) {
            if (!assigned.contains(queue) && !pending.containsKey(queue) && !resolving.contains(queue)) {
                added.add(queue);
            }
        }
        if (added.isEmpty()) {
            markInitialDone();
            return;
        }
        resolving.addAll(added);
        // Queues found after the first round are new: everything in them is unread.
        StartingOffsets start = initialDiscoveryDone ? StartingOffsets.earliest() : settings.starting();
        StoppingOffsets stop = settings.stopping();
        context.callAsync(() -> resolve(added, start, stop), this::onResolved);
    }

    /** Worker thread: turns the start and stop rules into offsets for each new queue. */
    private List<QueueSplit> resolve(List<MessageQueue> queues, StartingOffsets start, StoppingOffsets stop) {
        List<QueueSplit> splits = new ArrayList<>(queues.size());
        for (MessageQueue queue : queues) {
            long from = start.resolve(queue, lookup);
            StoppingOffsets.Stop end = stop == null
                    ? new StoppingOffsets.Stop(QueueSplit.NO_STOP, QueueSplit.NO_STOP)
                    : stop.resolve(queue, lookup);
            splits.add(new QueueSplit(queue, from, end.offset(), end.timestampMs()));
        }
        return splits;
    }

    private void onResolved(List<QueueSplit> splits, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException("cannot resolve start offsets (" + settings.starting() + ")", error);
        }
        for (QueueSplit split : splits) {
            resolving.remove(split.queue());
            pending.put(split.queue(), split);
        }
        LOG.info("found {} new queue(s): {}", splits.size(), splits);
        markInitialDone();
        assignPending();
    }

    private void markInitialDone() {
        if (!initialDiscoveryDone && resolving.isEmpty()) {
            initialDiscoveryDone = true;
        }
        signalNoMoreSplitsIfBounded();
    }

    private void handleRemoved(Set<MessageQueue> current) {
        List<MessageQueue> removed = new ArrayList<>();
        for (MessageQueue queue : assigned) {
            if (!current.contains(queue)) {
                removed.add(queue);
            }
        }
        pending.keySet().removeIf(queue -> !current.contains(queue) && removed.add(queue));
        if (removed.isEmpty() || settings.removedQueuePolicy() == RemovedQueuePolicy.KEEP) {
            if (!removed.isEmpty()) {
                LOG.warn("queues {} left the route; policy KEEP keeps reading them", removed);
            }
            return;
        }
        if (settings.removedQueuePolicy() == RemovedQueuePolicy.FAIL) {
            throw new FlinkRuntimeException(
                    "queues " + removed + " were removed from the topic route " + "(removed-queue policy FAIL)");
        }
        List<String> splitIds = new ArrayList<>();
        for (MessageQueue queue : removed) {
            assigned.remove(queue);
            splitIds.add(QueueSplit.splitId(queue));
        }
        LOG.info("queues {} left the route; their readers finish them (policy FINISH)", removed);
        for (Integer reader : context.registeredReaders().keySet()) {
            context.sendEventToSourceReader(reader, new QueuesRemovedEvent(splitIds));
        }
    }

    private void assignPending() {
        int parallelism = context.currentParallelism();
        Set<Integer> readers = context.registeredReaders().keySet();
        Set<MessageQueue> known = new TreeSet<>(lastDiscovered);
        known.addAll(assigned);
        known.addAll(pending.keySet());
        Map<Integer, List<QueueSplit>> assignment = new HashMap<>();
        for (QueueSplit split : List.copyOf(pending.values())) {
            int owner = QueueAssigner.owner(split.queue(), known, parallelism);
            if (readers.contains(owner)) {
                assignment.computeIfAbsent(owner, k -> new ArrayList<>()).add(split);
                pending.remove(split.queue());
                assigned.add(split.queue());
            }
        }
        if (!assignment.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(assignment));
        }
        signalNoMoreSplitsIfBounded();
        signalSettled();
    }

    /** After the initial discovery, tells each reader once per registration that its first assignment is out. */
    private void signalSettled() {
        if (!initialDiscoveryDone || !resolving.isEmpty()) {
            return;
        }
        for (Integer reader : context.registeredReaders().keySet()) {
            if (settledSignalled.add(reader)) {
                context.sendEventToSourceReader(reader, new AssignmentSettledEvent());
            }
        }
    }

    private void signalNoMoreSplitsIfBounded() {
        if (!settings.bounded() || !initialDiscoveryDone || !resolving.isEmpty()) {
            return;
        }
        int parallelism = context.currentParallelism();
        Set<MessageQueue> known = new TreeSet<>(assigned);
        known.addAll(pending.keySet());
        for (Integer reader : context.registeredReaders().keySet()) {
            boolean waiting = pending.keySet().stream()
                    .anyMatch(queue -> QueueAssigner.owner(queue, known, parallelism) == reader);
            if (!waiting && noMoreSplitsSignalled.add(reader)) {
                context.signalNoMoreSplits(reader);
            }
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed on discovery; readers do not ask.
    }

    @Override
    public void addSplitsBack(List<QueueSplit> splits, int subtaskId) {
        // A reader failed before its first checkpoint with these splits: they go out again as they were.
        for (QueueSplit split : splits) {
            assigned.remove(split.queue());
            pending.put(split.queue(), split);
        }
        noMoreSplitsSignalled.remove(subtaskId);
        if (context.registeredReaders().containsKey(subtaskId)) {
            assignPending();
        }
    }

    @Override
    public void addReader(int subtaskId) {
        noMoreSplitsSignalled.remove(subtaskId);
        settledSignalled.remove(subtaskId); // a restarted reader starts unsettled again
        assignPending();
    }

    @Override
    public SluiceEnumState snapshotState(long checkpointId) {
        return new SluiceEnumState(assigned, List.copyOf(pending.values()), initialDiscoveryDone);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) { // report: the enumerator is going away anyway
            LOG.warn("closing the enumerator's client failed", e);
        }
    }
}
