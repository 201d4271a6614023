package io.sluice.connector.flink.e2e;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * The pipeline's transform: doubles the amount and keeps id, key and sequence number. It also
 * injects the failures of a {@link FailurePlan}, each at most once per job across subtasks and
 * attempts (the {@link FailureLog} decides):
 *
 * <ul>
 *   <li>{@code IN_RECORD}: throws on the record;
 *   <li>{@code IN_CHECKPOINT}: the record arms this instance, whose next {@code snapshotState}
 *       throws. The sink has sealed its transaction by then (pre-barrier), so the checkpoint
 *       fails after sealing. If the instance dies first, no checkpoint covers the record, so it
 *       is replayed and arms again;
 *   <li>{@code AFTER_CHECKPOINT}: the next snapshot after the record arms the point in the log
 *       with its checkpoint id; the first {@code notifyCheckpointComplete} of that or a later
 *       checkpoint, in any subtask or attempt, throws.
 * </ul>
 *
 * <p>Not thread-safe: one instance per subtask, called on its task thread.
 */
final class FailingEnricher implements MapFunction<Payment, Payment>, CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;

    private final FailurePlan plan;
    private final FailureLog log;
    private transient List<FailurePlan.Point> armed;

    FailingEnricher(FailurePlan plan, FailureLog log) {
        this.plan = plan;
        this.log = log;
    }

    @Override
    public Payment map(Payment in) {
        for (FailurePlan.Point point : plan.points()) {
            if (point.id() != in.id) {
                continue;
            }
            if (point.kind() == FailurePlan.Kind.IN_RECORD) {
                if (log.fire(point.name())) {
                    throw new InjectedFailure(point, plan.seed());
                }
            } else {
                armed().add(point);
            }
        }
        return new Payment(in.id, in.key, in.seq, in.amount * 2);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        List<FailurePlan.Point> due = new ArrayList<>(armed());
        armed().clear();
        for (FailurePlan.Point point : due) {
            if (point.kind() == FailurePlan.Kind.AFTER_CHECKPOINT) {
                log.arm(point.name(), context.getCheckpointId());
            } else if (log.fire(point.name())) {
                throw new InjectedFailure(point, plan.seed());
            }
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        for (FailurePlan.Point point : plan.points()) {
            if (point.kind() == FailurePlan.Kind.AFTER_CHECKPOINT
                    && log.armedAt(point.name())
                            .filter(at -> checkpointId >= at)
                            .isPresent()
                    && log.fire(point.name())) {
                throw new InjectedFailure(point, plan.seed());
            }
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // No state of its own: a restart re-reads the records after the restored source position,
        // which re-arms points whose checkpoint never completed.
    }

    private List<FailurePlan.Point> armed() {
        if (armed == null) {
            armed = new ArrayList<>();
        }
        return armed;
    }

    /** The exception an injected failure throws; names the point and the seed. */
    static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(FailurePlan.Point point, long seed) {
            super("injected failure " + point.name() + " (seed " + seed + ")");
        }
    }
}
