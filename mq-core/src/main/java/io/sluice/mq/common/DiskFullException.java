package io.sluice.mq.common;

/**
 * The store refused a write because the disk holding it is too full. Retriable: retention or an
 * operator may free space. Nothing already acknowledged is affected.
 */
public final class DiskFullException extends RetriableException {

    public DiskFullException(String directory, double usedRatio, double limitRatio) {
        super(String.format(
                "disk of %s is %.1f%% full, over the write limit of %.1f%%: write refused",
                directory, usedRatio * 100, limitRatio * 100));
    }
}
