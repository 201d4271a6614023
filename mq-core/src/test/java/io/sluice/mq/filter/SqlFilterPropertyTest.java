package io.sluice.mq.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the SQL92 filter: compiling any text either works or fails with a position inside
 * the text, and evaluating never throws; BETWEEN agrees with its two comparisons; NOT flips only
 * TRUE and FALSE.
 */
class SqlFilterPropertyTest {

    private static final String[] PIECES = {
        "a",
        "b",
        "TAGS",
        "'x'",
        "'it''s'",
        "5",
        "-2.5",
        "1e3",
        "TRUE",
        "FALSE",
        "NULL",
        "AND",
        "OR",
        "NOT",
        "(",
        ")",
        "=",
        "<>",
        "<",
        "<=",
        ">",
        ">=",
        "BETWEEN",
        "IN",
        "IS",
        ",",
        "CONTAINS",
        "STARTSWITH",
        "ENDSWITH",
        "+",
        "-",
        "/*c*/",
        "\"",
        "!"
    };

    @Property(tries = 3000)
    void anyTextCompilesOrFailsWithAPositionInsideIt(@ForAll("texts") String text) {
        SqlFilter filter;
        try {
            filter = SqlFilter.compile(text);
        } catch (FilterSyntaxException e) {
            assertThat(e.position()).isBetween(0, text.length());
            assertThat(e.reason()).isNotBlank();
            return;
        }
        Map<String, String> message = Map.of("a", "7", "b", "abc", "TAGS", "x");
        assertThat(filter.evaluate(message::get)).isNotNull();
        assertThat(filter.evaluate(name -> null)).isNotNull();
    }

    @Property(tries = 500)
    void betweenIsTheTwoComparisons(
            @ForAll @IntRange(min = -50, max = 50) int value,
            @ForAll @IntRange(min = -50, max = 50) int low,
            @ForAll @IntRange(min = 0, max = 60) int width) {
        int high = low + width;
        Map<String, String> message = Map.of("v", Integer.toString(value));
        String range = " BETWEEN " + low + " AND " + high;
        boolean between = SqlFilter.compile("v" + range).matches(message::get);
        boolean compared =
                SqlFilter.compile("v >= " + low + " AND v <= " + high).matches(message::get);
        boolean notBetween = SqlFilter.compile("v NOT" + range).matches(message::get);
        assertThat(between)
                .isEqualTo(compared)
                .isEqualTo(value >= low && value <= high)
                .isNotEqualTo(notBetween);
    }

    @Property(tries = 500)
    void notFlipsTrueAndFalseAndKeepsTheRest(@ForAll("expressions") String expression, @ForAll("values") String a) {
        Map<String, String> message = a.isEmpty() ? Map.of() : Map.of("a", a);
        Truth plain = SqlFilter.compile(expression).evaluate(message::get);
        Truth negated = SqlFilter.compile("NOT (" + expression + ")").evaluate(message::get);
        switch (plain) {
            case TRUE -> assertThat(negated).isEqualTo(Truth.FALSE);
            case FALSE -> assertThat(negated).isEqualTo(Truth.TRUE);
            default -> assertThat(negated).isEqualTo(plain);
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> tokens = Arbitraries.of(PIECES).list().ofMaxSize(12).map(list -> String.join(" ", list));
        return Arbitraries.oneOf(tokens, Arbitraries.strings().ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> expressions() {
        return Arbitraries.of(
                "a > 5",
                "a = 'x'",
                "a = 5",
                "a IN ('x', '7')",
                "a BETWEEN 1 AND 9",
                "a IS NULL",
                "a CONTAINS 'x'",
                "a > 5 OR a < 2",
                "a > 5 AND a IS NOT NULL",
                "a <> 3");
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.of("", "7", "x", "1.5", "-20", "true");
    }
}
