package io.sluice.mq.store.log;

import io.sluice.mq.common.DiskFullException;

/**
 * Refuses appends while the store's disk is fuller than {@code diskSpaceWarningLevelRatio}. The
 * cleaner updates it on every pass; appenders only read a volatile field.
 *
 * <p>Thread-safe.
 */
public final class DiskSpaceGate {

    private final String directory;
    private final double limitRatio;
    private volatile double usedRatio;

    public DiskSpaceGate(String directory, double limitRatio) {
        this.directory = directory;
        this.limitRatio = limitRatio;
    }

    /** Records the latest measurement; returns whether writes are now refused. */
    public boolean update(double measuredUsedRatio) {
        this.usedRatio = measuredUsedRatio;
        return refusing();
    }

    /** Whether appends are refused. */
    public boolean refusing() {
        return usedRatio >= limitRatio;
    }

    /** Throws {@link DiskFullException} if appends are refused. */
    public void check() {
        double current = usedRatio;
        if (current >= limitRatio) {
            throw new DiskFullException(directory, current, limitRatio);
        }
    }
}
