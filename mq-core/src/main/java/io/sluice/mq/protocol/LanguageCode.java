package io.sluice.mq.protocol;

/** The sender's language as the remoting header carries it: by name in JSON, by code in binary. */
public enum LanguageCode {
    JAVA(0),
    CPP(1),
    DOTNET(2),
    PYTHON(3),
    DELPHI(4),
    ERLANG(5),
    RUBY(6),
    OTHER(7),
    HTTP(8),
    GO(9),
    PHP(10),
    OMS(11),
    RUST(12),
    NODE_JS(13);

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    /** The byte written in binary headers. */
    public byte code() {
        return code;
    }

    /** The language for a binary code; unknown codes map to {@link #OTHER}. */
    public static LanguageCode ofCode(byte code) {
        for (LanguageCode language : values()) {
            if (language.code == code) {
                return language;
            }
        }
        return OTHER;
    }

    /** The language for a JSON name; unknown or null names map to {@link #OTHER}. */
    public static LanguageCode ofName(String name) {
        for (LanguageCode language : values()) {
            if (language.name().equals(name)) {
                return language;
            }
        }
        return OTHER;
    }
}
