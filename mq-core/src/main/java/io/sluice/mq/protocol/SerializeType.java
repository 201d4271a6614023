package io.sluice.mq.protocol;

/** How a frame's header is encoded; the high byte of the header word says which (REMOTING.md 1.2). */
public enum SerializeType {
    /** UTF-8 JSON of the command; what every client sends by default. */
    JSON(0),
    /** The compact binary layout of REMOTING.md 1.4. */
    ROCKETMQ(1);

    private final int code;

    SerializeType(int code) {
        this.code = code;
    }

    /** The value of the header word's high byte. */
    public int code() {
        return code;
    }

    /** The type for a header-word high byte, or null if unknown. */
    public static SerializeType ofCode(int code) {
        for (SerializeType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
