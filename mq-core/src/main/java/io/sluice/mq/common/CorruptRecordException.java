package io.sluice.mq.common;

/**
 * Stored bytes failed validation (size bounds, magic, CRC, or a position that does not match where
 * the record was read). Names the file and the byte position inside it.
 */
public final class CorruptRecordException extends MqException {

    private final String file;
    private final long position;

    public CorruptRecordException(String file, long position, String reason) {
        super("corrupt record in " + file + " at position " + position + ": " + reason);
        this.file = file;
        this.position = position;
    }

    /** The file that holds the bad bytes. */
    public String file() {
        return file;
    }

    /** The byte position of the bad record inside {@link #file()}. */
    public long position() {
        return position;
    }
}
