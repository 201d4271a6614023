package io.sluice.mq.protocol;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON header (serialize type 0, REMOTING.md 1.3): keys {@code code, extFields, flag, language,
 * opaque, remark, serializeTypeCurrentRPC, version}, null values omitted, ext values written as
 * strings. The encoder writes the text directly (it runs once per frame on the hot path); the
 * decoder goes through {@link Json} and ignores unknown keys. Thread-safe (stateless).
 */
final class JsonHeaderCodec {

    private JsonHeaderCodec() {}

    static byte[] encode(RemotingCommand command) {
        StringBuilder out = new StringBuilder(96);
        out.append("{\"code\":").append(command.code());
        Map<String, String> ext = command.extFields();
        if (ext != null) {
            out.append(",\"extFields\":{");
            boolean first = true;
            for (Map.Entry<String, String> entry : ext.entrySet()) {
                if (entry.getValue() == null) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendString(out, entry.getKey());
                out.append(':');
                appendString(out, entry.getValue());
            }
            out.append('}');
        }
        out.append(",\"flag\":").append(command.flag());
        out.append(",\"language\":\"").append(command.language().name()).append('"');
        out.append(",\"opaque\":").append(command.opaque());
        if (command.remark() != null) {
            out.append(",\"remark\":");
            appendString(out, command.remark());
        }
        out.append(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":")
                .append(command.version())
                .append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                // control characters include the \u0001 and \u0002 of message properties
                out.append("\\u");
                String hex = Integer.toHexString(c);
                for (int pad = hex.length(); pad < 4; pad++) {
                    out.append('0');
                }
                out.append(hex);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    static RemotingCommand decode(byte[] header) {
        Map<String, Object> json = Json.parseObject(new String(header, StandardCharsets.UTF_8));
        Map<String, String> ext = null;
        if (json.get("extFields") != null) {
            Map<String, Object> raw = JsonFields.object(json, "extFields");
            ext = new LinkedHashMap<>(raw.size() * 2);
            for (Map.Entry<String, Object> entry : raw.entrySet()) {
                if (entry.getValue() != null) {
                    ext.put(entry.getKey(), entry.getValue().toString());
                }
            }
        }
        if (!json.containsKey("code")) {
            throw new ProtocolException("remoting header has no 'code'");
        }
        return RemotingCommand.request(JsonFields.intValue(json, "code", 0))
                .language(LanguageCode.ofName(JsonFields.string(json, "language", null)))
                .version(JsonFields.intValue(json, "version", 0))
                .opaque(JsonFields.intValue(json, "opaque", 0))
                .flag(JsonFields.intValue(json, "flag", 0))
                .remark(JsonFields.string(json, "remark", null))
                .extFields(ext)
                .serializeType(SerializeType.JSON);
    }
}
