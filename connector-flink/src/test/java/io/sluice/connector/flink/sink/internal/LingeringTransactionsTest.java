package io.sluice.connector.flink.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.transaction.TransactionHandle;
import io.sluice.mq.client.transaction.TransactionInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * On restore a writer aborts exactly the sealed transactions that no restored checkpoint covers,
 * of the subtasks whose state it restored, and nothing a committer still has to commit or a
 * writer of the new run may be writing.
 */
class LingeringTransactionsTest {

    private static final TransactionSettings SETTINGS =
            new TransactionSettings("job", "out", Duration.ofMinutes(1), 1024);

    private static TransactionInfo info(String id, int epoch, long seq, String state) {
        return new TransactionInfo("broker-a", id, 11, epoch, seq, state, 4, 100);
    }

    private static TransactionHandle handle(String id, int epoch, long seq) {
        return new TransactionHandle(id, 11, epoch, seq, "broker-a", "out", 4);
    }

    @Test
    void sealedTransactionsAfterTheRestoredLastSealedOneAreAborted() {
        List<TransactionInfo> listed = List.of(
                info("job-0-0", 3, 7, "SEALED"), // the restored checkpoint's own: the committer commits it
                info("job-0-0", 3, 6, "SEALED"), // an earlier checkpoint's, still uncommitted: keep
                info("job-0-0", 3, 8, "SEALED"), // sealed for a checkpoint that never completed
                info("job-0-0", 4, 1, "SEALED"), // a later attempt's, never checkpointed
                info("job-0-0", 5, 1, "OPEN")); // unsealed: the id's INIT aborts it, never this

        List<TransactionInfo> abort =
                LingeringTransactions.toAbort(SETTINGS, Set.of(0), Map.of("job-0-0", handle("job-0-0", 3, 7)), listed);

        assertThat(abort).containsExactly(listed.get(2), listed.get(3));
    }

    @Test
    void aSessionStartMarkerKeepsEarlierEpochsAndAbortsTheSessionsUncoveredOnes() {
        List<TransactionInfo> listed = List.of(
                info("job-0-0", 3, 9, "SEALED"), // an earlier run's, still in the committer's state
                info("job-0-0", 4, 1, "SEALED")); // the marked session's, never checkpointed

        List<TransactionInfo> abort =
                LingeringTransactions.toAbort(SETTINGS, Set.of(0), Map.of("job-0-0", handle("job-0-0", 4, 0)), listed);

        assertThat(abort).containsExactly(listed.get(1));
    }

    @Test
    void onlyTheSubtasksWhoseStateWasRestoredAreSwept() {
        List<TransactionInfo> listed = List.of(
                info("job-0-0", 1, 2, "SEALED"),
                info("job-1-0", 1, 2, "SEALED"),
                info("job-10-0", 1, 2, "SEALED"),
                info("job-x-0", 1, 2, "SEALED")); // not of this prefix's form

        assertThat(LingeringTransactions.toAbort(SETTINGS, Set.of(1), Map.of(), listed))
                .containsExactly(listed.get(1));
        assertThat(LingeringTransactions.toAbort(SETTINGS, Set.of(0, 10), Map.of(), listed))
                .containsExactly(listed.get(0), listed.get(2));
    }

    @Test
    void transactionalIdsNameTheirSubtask() {
        assertThat(SETTINGS.transactionalId(3)).isEqualTo("job-3-0");
        assertThat(SETTINGS.subtaskPrefix(1)).isEqualTo("job-1-");
        assertThat(SETTINGS.subtaskOf("job-12-0")).isEqualTo(12);
        assertThat(SETTINGS.subtaskOf("job-x-0")).isEqualTo(-1);
        assertThat(SETTINGS.subtaskOf("jobs-1-0")).isEqualTo(-1);
        assertThat(SETTINGS.subtaskOf("job-3")).isEqualTo(-1);
    }
}
