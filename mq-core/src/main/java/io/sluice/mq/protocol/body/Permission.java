package io.sluice.mq.protocol.body;

/** RocketMQ's {@code PermName} bits for topics and brokers. */
public final class Permission {

    public static final int PRIORITY = 8;
    public static final int READ = 4;
    public static final int WRITE = 2;
    public static final int INHERIT = 1;
    /** Read and write, the permission of ordinary topics. */
    public static final int READ_WRITE = READ | WRITE;

    private Permission() {}

    public static boolean readable(int perm) {
        return (perm & READ) != 0;
    }

    public static boolean writeable(int perm) {
        return (perm & WRITE) != 0;
    }

    public static boolean inheritable(int perm) {
        return (perm & INHERIT) != 0;
    }
}
