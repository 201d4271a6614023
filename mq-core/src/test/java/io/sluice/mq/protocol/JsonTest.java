package io.sluice.mq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesNestedValuesOfEveryType() {
        Object value = Json.parse(" {\"a\":[1,-2,3.5,true,false,null],\"b\":{\"c\":\"d\\u0041\\n\"},\"e\":1e3} ");

        assertThat(value)
                .isEqualTo(Map.of(
                        "a", java.util.Arrays.asList(1L, -2L, new BigDecimal("3.5"), true, false, null),
                        "b", Map.of("c", "dA\n"),
                        "e", new BigDecimal("1e3")));
    }

    @Test
    void acceptsTheUnquotedNumericKeysFastjsonWritesForLongMaps() {
        Map<String, Object> object =
                Json.parseObject("{\"brokerAddrs\":{0:\"127.0.0.1:40911\",1:\"127.0.0.1:40912\"}}");

        assertThat(object.get("brokerAddrs")).isEqualTo(Map.of("0", "127.0.0.1:40911", "1", "127.0.0.1:40912"));
    }

    @Test
    void errorsNameThePosition() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,}"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("character 7");
        assertThatThrownBy(() -> Json.parse("{\"a\":\"open")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("")).hasMessageContaining("end of input");
    }

    @Test
    void refusesNestingBeyondTheLimitInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);

        assertThatThrownBy(() -> Json.parse(deep))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("nesting");
    }

    @Test
    void writerQuotesKeysOmitsNullsAndEscapesControlAndNonAsciiCharacters() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(0L, "x");
        map.put("skip", null);
        map.put("text", "a\u0001b\"é");
        map.put("list", List.of(1, true));

        String json = JsonWriter.write(map);

        assertThat(json).isEqualTo("{\"0\":\"x\",\"text\":\"a\\u0001b\\\"\\u00e9\",\"list\":[1,true]}");
        assertThat(Json.parse(json)).isEqualTo(Map.of("0", "x", "text", "a\u0001b\"é", "list", List.of(1L, true)));
    }
}
