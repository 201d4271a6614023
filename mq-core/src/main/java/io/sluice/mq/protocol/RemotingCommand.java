package io.sluice.mq.protocol;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One remoting frame: a request or a response, its header fields and its body (REMOTING.md 1.2,
 * 1.3). Header fields of requests ("custom headers") travel in {@link #extFields()} as strings; the
 * typed accessors parse them with Java semantics and name the field when it is missing or bad.
 *
 * <p>The body is kept as a list of buffers so a pull response can carry commit-log records as they
 * are stored without copying them into one array. Buffers are read with absolute positions and
 * never modified.
 *
 * <p>Not thread-safe: a command is built by one thread and handed to the transport, which is a
 * safe publication; nobody touches it after that.
 */
public final class RemotingCommand {

    /** Flag bit 0: the frame is a response. */
    public static final int FLAG_RESPONSE = 1;
    /** Flag bit 1: the request expects no response. */
    public static final int FLAG_ONEWAY = 1 << 1;

    private static final ByteBuffer[] NO_BODY = new ByteBuffer[0];

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = RemotingVersion.CURRENT;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private ByteBuffer[] body = NO_BODY;
    private SerializeType serializeType = SerializeType.JSON;

    private RemotingCommand() {}

    /** A new request with {@code code}; the transport assigns the opaque. */
    public static RemotingCommand request(int code) {
        RemotingCommand command = new RemotingCommand();
        command.code = code;
        return command;
    }

    /** A response with {@code code} and {@code remark} (may be null), not yet bound to a request. */
    public static RemotingCommand response(int code, String remark) {
        RemotingCommand command = new RemotingCommand();
        command.code = code;
        command.remark = remark;
        command.flag = FLAG_RESPONSE;
        return command;
    }

    /** A successful response with an empty, non-null ext-field map (clients dereference it). */
    public static RemotingCommand success() {
        RemotingCommand command = response(ResponseCode.SUCCESS, null);
        command.extFields = new LinkedHashMap<>();
        return command;
    }

    /** Sets the raw flag word; used by the header codecs. */
    RemotingCommand flag(int newFlag) {
        this.flag = newFlag;
        return this;
    }

    /** Replaces the ext-field map (not copied); used by the header codecs. */
    RemotingCommand extFields(Map<String, String> newExtFields) {
        this.extFields = newExtFields;
        return this;
    }

    /** Request code, or response code for responses. */
    public int code() {
        return code;
    }

    /** Changes the code; used when turning a prepared response into an error. */
    public RemotingCommand code(int newCode) {
        this.code = newCode;
        return this;
    }

    public LanguageCode language() {
        return language;
    }

    public RemotingCommand language(LanguageCode newLanguage) {
        this.language = newLanguage;
        return this;
    }

    public int version() {
        return version;
    }

    public RemotingCommand version(int newVersion) {
        this.version = newVersion;
        return this;
    }

    /** Request id; a response echoes its request's. */
    public int opaque() {
        return opaque;
    }

    public RemotingCommand opaque(int newOpaque) {
        this.opaque = newOpaque;
        return this;
    }

    public int flag() {
        return flag;
    }

    public boolean isResponse() {
        return (flag & FLAG_RESPONSE) != 0;
    }

    public boolean isOneway() {
        return (flag & FLAG_ONEWAY) != 0;
    }

    /** Marks this request as oneway. */
    public RemotingCommand markOneway() {
        flag |= FLAG_ONEWAY;
        return this;
    }

    /** Text of an error, or the store status name on pull responses; may be null. */
    public String remark() {
        return remark;
    }

    public RemotingCommand remark(String newRemark) {
        this.remark = newRemark;
        return this;
    }

    /** The header serialization the frame arrived in (JSON for locally built commands). */
    public SerializeType serializeType() {
        return serializeType;
    }

    public RemotingCommand serializeType(SerializeType newType) {
        this.serializeType = newType;
        return this;
    }

    /** The custom header fields; null when the frame had none. Live view, insertion-ordered. */
    public Map<String, String> extFields() {
        return extFields;
    }

    /** Sets one header field; {@code null} values are skipped, others written with toString. */
    public RemotingCommand putExt(String key, Object value) {
        if (value != null) {
            if (extFields == null) {
                extFields = new LinkedHashMap<>();
            }
            extFields.put(key, value.toString());
        }
        return this;
    }

    /** The header field {@code key}, or null. */
    public String ext(String key) {
        return extFields == null ? null : extFields.get(key);
    }

    /** The header field {@code key}; missing is a {@link ProtocolException} naming it. */
    public String requireExt(String key) {
        String value = ext(key);
        if (value == null) {
            throw new ProtocolException("the custom field <" + key + "> is null");
        }
        return value;
    }

    /** Required int header field. */
    public int requireExtInt(String key) {
        return parseInt(key, requireExt(key));
    }

    /** Required long header field. */
    public long requireExtLong(String key) {
        return parseLong(key, requireExt(key));
    }

    /** Optional int header field. */
    public int extInt(String key, int fallback) {
        String value = ext(key);
        return value == null ? fallback : parseInt(key, value);
    }

    /** Optional long header field. */
    public long extLong(String key, long fallback) {
        String value = ext(key);
        return value == null ? fallback : parseLong(key, value);
    }

    /** Optional boolean header field, parsed like Java's {@code Boolean.parseBoolean}. */
    public boolean extBoolean(String key, boolean fallback) {
        String value = ext(key);
        return value == null ? fallback : "true".equalsIgnoreCase(value.trim());
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException("the custom field <" + key + "> is not an int: '" + value + "'");
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException("the custom field <" + key + "> is not a long: '" + value + "'");
        }
    }

    /** Body bytes as one read-only buffer positioned at 0 (joins parts if there are several). */
    public ByteBuffer body() {
        if (body.length == 0) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer();
        }
        if (body.length == 1) {
            return body[0].asReadOnlyBuffer();
        }
        ByteBuffer joined = ByteBuffer.allocate(bodyLength());
        for (ByteBuffer part : body) {
            joined.put(part.duplicate());
        }
        return joined.flip().asReadOnlyBuffer();
    }

    /** Body as a fresh array. */
    public byte[] bodyBytes() {
        ByteBuffer joined = body();
        byte[] bytes = new byte[joined.remaining()];
        joined.get(bytes);
        return bytes;
    }

    /** The body parts, in order; each read from its position to its limit. */
    public ByteBuffer[] bodyParts() {
        return body.clone();
    }

    /** Total body length in bytes. */
    public int bodyLength() {
        long total = 0;
        for (ByteBuffer part : body) {
            total += part.remaining();
        }
        return Math.toIntExact(total);
    }

    public boolean hasBody() {
        return bodyLength() > 0;
    }

    /** Sets the body to {@code bytes} (not copied). */
    public RemotingCommand body(byte[] bytes) {
        this.body = bytes == null || bytes.length == 0 ? NO_BODY : new ByteBuffer[] {ByteBuffer.wrap(bytes)};
        return this;
    }

    /** Sets the body to the concatenation of {@code parts} (not copied). */
    public RemotingCommand body(List<ByteBuffer> parts) {
        this.body = parts.toArray(NO_BODY);
        return this;
    }

    /** Sets the body to one buffer (not copied). */
    public RemotingCommand body(ByteBuffer part) {
        this.body = part == null ? NO_BODY : new ByteBuffer[] {part};
        return this;
    }

    @Override
    public String toString() {
        return (isResponse() ? "response " + ResponseCode.name(code) : "request " + RequestCode.name(code))
                + " opaque=" + opaque + " flag=" + flag + (remark == null ? "" : " remark=" + remark)
                + " ext=" + extFields + " body=" + bodyLength() + "B";
    }
}
