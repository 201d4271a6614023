package io.sluice.mq.store.io;

/**
 * Space on one device.
 *
 * @param totalBytes the device's size
 * @param usableBytes what this process may still write
 */
public record DiskUsage(long totalBytes, long usableBytes) {

    /** The used fraction in [0, 1]; 1 for a device that reports no size. */
    public double usedRatio() {
        if (totalBytes <= 0) {
            return 1.0;
        }
        return (double) (totalBytes - usableBytes) / totalBytes;
    }
}
