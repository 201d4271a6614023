package io.sluice.mq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The JSON header's fast paths against their references: the byte encoder writes exactly what the
 * former text encoder wrote, and the one-pass reader ({@link JsonHeaderReader}) either gives up or
 * decodes exactly what the general reader decodes, for headers we write, headers in the official
 * clients' (fastjson) variants, and mutated or random bytes.
 */
class JsonHeaderCodecPropertyTest {

    @Property(tries = 1000)
    void encoderWritesWhatTheTextEncoderWrote(@ForAll("commands") RemotingCommand command) {
        assertThat(new String(JsonHeaderCodec.encode(command), StandardCharsets.US_ASCII))
                .isEqualTo(referenceEncode(command));
    }

    @Property(tries = 1000)
    void fastReaderDecodesOurHeadersLikeTheGeneralReader(@ForAll("commands") RemotingCommand command) {
        byte[] header = JsonHeaderCodec.encode(command);
        RemotingCommand fast = JsonHeaderReader.read(header);
        assertThat(fast).isNotNull();
        assertSame(fast, JsonHeaderCodec.decodeGeneral(header));
    }

    @Property(tries = 1000)
    void fastReaderDecodesRawUtf8AndWhitespaceLikeTheGeneralReader(
            @ForAll("commands") RemotingCommand command, @ForAll("spaces") String space) {
        // fastjson writes non-ASCII as raw UTF-8 and control characters escaped; clients may pretty-print.
        String text = new String(JsonHeaderCodec.encode(command), StandardCharsets.US_ASCII)
                .replace("\\u00e9", "\u00e9")
                .replace("\\u4e2d", "\u4e2d")
                .replace(",", "," + space)
                .replace(":", space + ":");
        checkAgreement(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3000)
    void mutatedHeadersGiveTheGeneralReadersAnswerOrFallBack(
            @ForAll("commands") RemotingCommand command, @ForAll("positions") int position, @ForAll byte value) {
        byte[] header = JsonHeaderCodec.encode(command);
        header[position % header.length] = value;
        checkAgreement(header);
    }

    @Property(tries = 1000)
    void randomBytesGiveTheGeneralReadersAnswerOrFallBack(@ForAll("randomHeaders") byte[] header) {
        checkAgreement(header);
    }

    @Example
    void theOfficialClientsHeaderTakesTheFastPath() {
        byte[] captured = ("{\"code\":310,\"extFields\":{\"a\":\"g\",\"b\":\"T\",\"c\":\"TBW102\",\"d\":\"4\","
                        + "\"e\":\"1\",\"f\":\"0\",\"g\":\"1732470000000\",\"h\":\"0\",\"i\":\"UNIQ_KEY\\u0001AC1\\u0002"
                        + "WAIT\\u0001true\\u0002\",\"j\":\"0\",\"k\":\"false\",\"m\":\"false\",\"n\":\"broker-a\"},"
                        + "\"flag\":0,\"language\":\"JAVA\",\"opaque\":12,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}")
                .getBytes(StandardCharsets.UTF_8);

        RemotingCommand fast = JsonHeaderReader.read(captured);

        assertThat(fast).isNotNull();
        assertThat(fast.ext("i")).isEqualTo("UNIQ_KEY\u0001AC1\u0002WAIT\u0001true\u0002");
        assertSame(fast, JsonHeaderCodec.decodeGeneral(captured));
    }

    @Example
    void officialClientShapesAndOddities() {
        for (String text : List.of(
                "{\"code\":105,\"extFields\":{\"topic\":\"T_5\"},\"flag\":0,\"language\":\"JAVA\","
                        + "\"opaque\":0,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}",
                "{\"code\":0,\"flag\":1}",
                "{\"code\":-7,\"extFields\":null,\"remark\":null,\"language\":null}",
                "{\"code\":1,\"extFields\":{},\"unknown\":[1,2]}",
                "{\"code\":1,\"extFields\":{\"n\":12,\"b\":true,\"z\":null}}",
                "{\"code\":2147483648}",
                "{\"code\":1.5}",
                "{\"code\":007,\"opaque\":-0}",
                "{\"code\":1,\"extFields\":{\"k\":\"a\\/b\\\"c\\\\\\u00E9\\n\"}}",
                "{\"code\":1,\"extFields\":{\"k\":\"\\x\"}}",
                "{\"code\":1,\"extFields\":{k:\"v\"}}",
                "{\"code\":1}}",
                "{\"flag\":1}",
                " {\"code\" : 3 } ")) {
            checkAgreement(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void checkAgreement(byte[] header) {
        RemotingCommand fast = JsonHeaderReader.read(header);
        if (fast == null) {
            return; // the caller takes the general path: agreement by construction
        }
        RemotingCommand general;
        try {
            general = JsonHeaderCodec.decodeGeneral(header);
        } catch (ProtocolException e) {
            throw new AssertionError(
                    "fast path accepted what the general reader rejects: " + new String(header, StandardCharsets.UTF_8),
                    e);
        }
        assertSame(fast, general);
    }

    private static void assertSame(RemotingCommand fast, RemotingCommand general) {
        assertThat(fast.code()).isEqualTo(general.code());
        assertThat(fast.flag()).isEqualTo(general.flag());
        assertThat(fast.opaque()).isEqualTo(general.opaque());
        assertThat(fast.version()).isEqualTo(general.version());
        assertThat(fast.language()).isEqualTo(general.language());
        assertThat(fast.remark()).isEqualTo(general.remark());
        assertThat(fast.serializeType()).isEqualTo(general.serializeType());
        if (general.extFields() == null) {
            assertThat(fast.extFields()).isNull();
        } else {
            assertThat(fast.extFields()).containsExactlyEntriesOf(general.extFields());
        }
    }

    @Provide
    Arbitrary<RemotingCommand> commands() {
        Arbitrary<String> text = strings(0);
        Arbitrary<Map<String, String>> ext =
                Arbitraries.maps(strings(1), text).ofMaxSize(16).map(LinkedHashMap::new);
        return Combinators.combine(
                        Arbitraries.integers(),
                        Arbitraries.integers(),
                        Arbitraries.integers().between(0, 3),
                        text.injectNull(0.5),
                        ext.injectNull(0.2),
                        Arbitraries.of(LanguageCode.values()),
                        Arbitraries.integers().between(-1, 100_000))
                .as((code, opaque, flag, remark, fields, language, version) -> {
                    RemotingCommand command = RemotingCommand.request(code)
                            .opaque(opaque)
                            .flag(flag)
                            .remark(remark)
                            .language(language)
                            .version(version);
                    return command.extFields(fields);
                });
    }

    private static Arbitrary<String> strings(int minLength) {
        return Arbitraries.strings()
                .withChars("ab \"\\/\u0001\u0002\u0000\u007f\u00e9\u4e2d\ud83d\ude00{}:,")
                .withCharRange('0', 'z')
                .ofMinLength(minLength)
                .ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.of("", " ", "\n\t", "\r\n  ");
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<byte[]> randomHeaders() {
        return Arbitraries.strings()
                .withChars("{}[]\":,0123456789-.eEcodeflagxtFiusnl \\u")
                .ofMaxLength(80)
                .map(s -> ("{\"code\":1," + s).getBytes(StandardCharsets.UTF_8));
    }

    /** The text encoder this codec used before writing bytes directly: the reference output. */
    private static String referenceEncode(RemotingCommand command) {
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
        return out.toString();
    }

    private static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
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
}
