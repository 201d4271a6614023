package io.sluice.mq.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The retention floor the coordinator gives the store (design note §3): the lowest staged record
 * of an open transaction, for as long as the transaction is within its timeout; nothing once it
 * ended or timed out (so a stuck transaction cannot pin the disk).
 */
class TxnRetentionFloorTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void openTransactionsHoldTheirLowestStagedRecordUntilTheyEndOrTimeOut() {
        TxnCoordinator coordinator = new TxnCoordinator(1 << 20);
        assertThat(coordinator.retentionFloor(NOW)).isEqualTo(Long.MAX_VALUE);
        TxnCoordinator.Init a = coordinator.init("floor-a", 60_000);
        TxnCoordinator.Init b = coordinator.init("floor-b", 120_000);

        OpenTxn first =
                coordinator.stage(a.session().producerId(), 0, 1, 100, 0, NOW).txn();
        coordinator.staged(first, new long[] {5_000, 9_000});
        OpenTxn second =
                coordinator.stage(b.session().producerId(), 0, 1, 100, 0, NOW).txn();
        coordinator.staged(second, new long[] {7_000});
        assertThat(coordinator.retentionFloor(NOW + 1_000)).isEqualTo(5_000);

        // a is past its 60 s timeout (the timer aborts it): it no longer holds data back.
        assertThat(coordinator.retentionFloor(NOW + 60_000)).isEqualTo(7_000);
        assertThat(coordinator.retentionFloor(NOW + 120_000)).isEqualTo(Long.MAX_VALUE);

        // Ending b releases it at once.
        coordinator.replay(TxnLogRecord.ended(second.handle, Outcome.ABORTED, 1), NOW);
        assertThat(coordinator.retentionFloor(NOW + 1_000)).isEqualTo(5_000);
    }
}
