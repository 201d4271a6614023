package io.sluice.connector.flink.e2e;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Where a job fails: points chosen from a seed (printed by the tests, so a failing run can be
 * replayed), each tied to one input record id and a {@link Kind}. Kinds rotate over the sorted
 * points, so every plan of three or more points fails in a record, inside a checkpoint and right
 * after one. Immutable; serializable (it travels with the job).
 *
 * @param seed the seed the points came from
 * @param points the failure points, ascending by record id
 */
record FailurePlan(long seed, List<Point> points) implements Serializable {

    /** Where, relative to the record, the job fails. */
    enum Kind {
        /** The transform throws on the record. */
        IN_RECORD,
        /** The transform's snapshot of the first checkpoint after the record throws (the checkpoint fails after the sink sealed its transaction). */
        IN_CHECKPOINT,
        /** The transform throws when the first checkpoint after the record has completed (its commit may or may not have run). */
        AFTER_CHECKPOINT
    }

    /** One failure: at record {@code id}, of kind {@code kind}. */
    record Point(long id, Kind kind) implements Serializable {
        String name() {
            return kind + "@" + id;
        }
    }

    FailurePlan {
        points = List.copyOf(points);
    }

    /** No failures. */
    static FailurePlan none() {
        return new FailurePlan(0, List.of());
    }

    /**
     * {@code count} distinct points among {@code ids} (sorted), drawn from the ids between 10% and
     * 75% of the way through, so every point is reached with input left to replay.
     */
    static FailurePlan seeded(long seed, List<Long> ids, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        int from = ids.size() / 10;
        int to = ids.size() * 3 / 4;
        TreeSet<Long> chosen = new TreeSet<>();
        while (chosen.size() < count) {
            chosen.add(ids.get(random.nextInt(from, to)));
        }
        List<Point> points = new ArrayList<>();
        Kind[] kinds = Kind.values();
        for (long id : chosen) {
            points.add(new Point(id, kinds[points.size() % kinds.length]));
        }
        return new FailurePlan(seed, points);
    }

    /** Only the points of {@code kind}, e.g. for a run that must not fail around checkpoints. */
    FailurePlan only(Kind kind) {
        return new FailurePlan(
                seed, points.stream().filter(p -> p.kind() == kind).toList());
    }

    List<String> names() {
        return points.stream().map(Point::name).sorted().toList();
    }
}
