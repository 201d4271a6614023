package io.sluice.mq.store.io;

import io.sluice.mq.common.MqException;
import java.nio.file.Path;

/**
 * File names that are a zero-padded 20-digit number (a log position or queue offset), so that
 * name order equals numeric order. Used by commit-log segments, consume-queue files and key-index
 * files. Thread-safe (stateless).
 */
public final class OffsetFileName {

    private static final int DIGITS = 20;

    private OffsetFileName() {}

    /** The name for {@code value}. */
    public static String of(long value) {
        return String.format("%020d", value);
    }

    /**
     * The number a file is named by.
     *
     * @param what the kind of directory, for the error message
     * @throws MqException if the name is not 20 digits
     */
    public static long parse(Path path, String what) {
        String name = path.getFileName().toString();
        if (name.length() != DIGITS || !name.chars().allMatch(Character::isDigit)) {
            throw new MqException("unexpected file in " + what + " directory: " + path);
        }
        return Long.parseLong(name);
    }
}
