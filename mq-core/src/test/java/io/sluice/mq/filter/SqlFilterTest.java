package io.sluice.mq.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL92 filter as a table: each expression's value for one message, and each malformed
 * expression's error position. Expected values were checked against RocketMQ 5.3.3's own filter
 * where the semantics are the same (docs/design/filters.md lists the deliberate differences).
 */
class SqlFilterTest {

    /** The message every expression is evaluated against. */
    private static final Map<String, String> MESSAGE = Map.of(
            "a", "10",
            "s", "abc",
            "d", "2.5",
            "neg", "-3",
            "TAGS", "TagA",
            "flag", "TRUE",
            "empty", "",
            "it", "it's",
            "big", "12345678901234567890");

    static Stream<Arguments> values() {
        return Stream.of(
                // comparisons with numbers: property strings are read as numbers
                row("a > 5", Truth.TRUE),
                row("a>5", Truth.TRUE),
                row("a < 5", Truth.FALSE),
                row("a >= 10", Truth.TRUE),
                row("a <= 9", Truth.FALSE),
                row("a = 10", Truth.TRUE),
                row("a = 10.0", Truth.TRUE),
                row("a <> 10", Truth.FALSE),
                row("a > 9.9", Truth.TRUE),
                row("a > -5", Truth.TRUE),
                row("neg < -2", Truth.TRUE),
                row("a = 1e1", Truth.TRUE),
                row("a > .5", Truth.TRUE),
                row("d > 2", Truth.TRUE),
                row("d = 2.50", Truth.TRUE),
                row("5 < a", Truth.TRUE),
                row("big > 1", Truth.TRUE),
                // strings: equality only, exact
                row("s = 'abc'", Truth.TRUE),
                row("'abc' = s", Truth.TRUE),
                row("s = 'ABC'", Truth.FALSE),
                row("s <> 'abc'", Truth.FALSE),
                row("a = '10'", Truth.TRUE),
                row("it = 'it''s'", Truth.TRUE),
                row("empty = ''", Truth.TRUE),
                row("TAGS = 'TagA'", Truth.TRUE),
                row("s = s", Truth.TRUE),
                // booleans
                row("TRUE", Truth.TRUE),
                row("false", Truth.FALSE),
                row("flag = TRUE", Truth.TRUE),
                row("a = TRUE", Truth.FALSE),
                row("flag", Truth.TRUE),
                row("a", Truth.FALSE),
                row("NOT a", Truth.TRUE),
                // BETWEEN and IN
                row("a BETWEEN 0 AND 20", Truth.TRUE),
                row("a between 10 and 10", Truth.TRUE),
                row("a NOT BETWEEN 0 AND 20", Truth.FALSE),
                row("d BETWEEN 2 AND 3", Truth.TRUE),
                row("TAGS IN ('TagA', 'TagB')", Truth.TRUE),
                row("TAGS NOT IN ('TagA')", Truth.FALSE),
                row("a IN ('10')", Truth.TRUE),
                // IS NULL
                row("x IS NULL", Truth.TRUE),
                row("a IS NULL", Truth.FALSE),
                row("a IS NOT NULL", Truth.TRUE),
                row("empty IS NOT NULL", Truth.TRUE),
                // string tests
                row("s CONTAINS 'b'", Truth.TRUE),
                row("s STARTSWITH 'ab'", Truth.TRUE),
                row("s ENDSWITH 'bc'", Truth.TRUE),
                row("s NOT CONTAINS 'z'", Truth.TRUE),
                row("s CONTAINS ''", Truth.FALSE),
                row("x CONTAINS 'a'", Truth.FALSE),
                row("x NOT CONTAINS 'a'", Truth.FALSE),
                // a missing property is UNKNOWN, with Kleene logic
                row("x > 5", Truth.UNKNOWN),
                row("x = 'a'", Truth.UNKNOWN),
                row("x <> 'a'", Truth.UNKNOWN),
                row("NOT (x > 5)", Truth.UNKNOWN),
                row("x IN ('a')", Truth.UNKNOWN),
                row("x NOT IN ('a')", Truth.UNKNOWN),
                row("x NOT BETWEEN 1 AND 2", Truth.UNKNOWN),
                row("x > 1 OR a > 5", Truth.TRUE),
                row("x > 1 OR a < 5", Truth.UNKNOWN),
                row("x > 1 AND a < 5", Truth.FALSE),
                row("x > 1 AND a > 5", Truth.UNKNOWN),
                row("NOT (a < 5 AND x > 1)", Truth.TRUE),
                row("NOT (x > 1 OR a < 5)", Truth.UNKNOWN),
                row("x IS NULL OR x > 1", Truth.TRUE),
                // a property of the wrong type spoils the whole expression, unless short-circuited
                row("s > 5", Truth.INVALID),
                row("s = 5", Truth.INVALID),
                row("s BETWEEN 1 AND 2", Truth.INVALID),
                row("s > 5 OR TRUE", Truth.INVALID),
                row("NOT (s > 5)", Truth.INVALID),
                row("TRUE OR s > 5", Truth.TRUE),
                row("FALSE AND s > 5", Truth.FALSE),
                // precedence, parentheses, case, comments
                row("a > 5 OR a < 5 AND FALSE", Truth.TRUE),
                row("(a > 5 OR a < 5) AND FALSE", Truth.FALSE),
                row("NOT a > 5 OR TRUE", Truth.TRUE),
                row("NOT a > 5", Truth.FALSE),
                row("a > 5 and not s = 'x'", Truth.TRUE),
                row("((((a > 5))))", Truth.TRUE),
                row("a > 5 /* comment */ AND s = 'abc'", Truth.TRUE),
                row("A = 10", Truth.UNKNOWN),
                row(
                        "(TAGS is not null and TAGS in ('TagA', 'TagB')) and (a is not null and a between 0 and 30)",
                        Truth.TRUE));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("values")
    void evaluates(String expression, Truth expected) {
        SqlFilter filter = SqlFilter.compile(expression);
        assertThat(filter.evaluate(MESSAGE::get)).isEqualTo(expected);
        assertThat(filter.matches(MESSAGE::get)).isEqualTo(expected == Truth.TRUE);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                error("", 0, "empty"),
                error("   ", 3, "empty"),
                error("a >", 3, "expected a property or a value, found end of expression"),
                error("a > 5 and", 9, "end of expression"),
                error("(a > 5", 6, "')' to close the '(' at position 0"),
                error("a > 5)", 5, "unexpected ')'"),
                error("a == 10", 3, "expected a property or a value, found '='"),
                error("a != 10", 2, "not equal is <>"),
                error("a > 'x'", 4, "string 'x' cannot be compared with '>'"),
                error("'x' <= a", 0, "cannot be compared with '<='"),
                error("a > TRUE", 4, "cannot be compared"),
                error("a = NULL", 4, "IS NULL"),
                error("a BETWEEN 20 AND 10", 10, "BETWEEN bounds reversed"),
                error("a BETWEEN 'x' AND 'y'", 10, "expected a number in BETWEEN"),
                error("a BETWEEN 1 OR 2", 12, "AND between the bounds"),
                error("a IN (10)", 6, "IN takes 'quoted strings', found number 10"),
                error("a IN ()", 6, "IN takes 'quoted strings'"),
                error("a IN ('x',)", 10, "IN takes 'quoted strings'"),
                error("a IN ('x' 'y')", 10, "',' or ')' in the IN list"),
                error("'x' IN ('x')", 0, "IN needs a property on its left"),
                error("5 IS NULL", 0, "IS NULL needs a property"),
                error("a IS NOT 5", 9, "expected NULL after IS NOT"),
                error("a NOT > 5", 6, "NOT cannot precede '>'"),
                error("a NOT LIKE 'x'", 6, "expected BETWEEN, IN, CONTAINS"),
                error("s CONTAINS 5", 11, "CONTAINS takes 'quoted strings'"),
                error("s = 'abc", 4, "string is not closed"),
                error("\"a\" > 5", 0, "strings are single-quoted"),
                error("a > 99999999999999999999", 4, "out of range"),
                error("a = 0x0A", 5, "unexpected character 'x' in a number"),
                error("a = 1e", 6, "exponent"),
                error("a > 5 b", 6, "unexpected property b"),
                error("5", 1, "expected a comparison after number 5"),
                error("'abc'", 5, "expected a comparison after string 'abc'"),
                error("a + 1 > 5", 2, "unexpected '+'"),
                error("a > 5 /* open", 6, "comment is not closed"),
                error("a LIKE 'x%'", 2, "unexpected property LIKE"));
    }

    @ParameterizedTest(name = "{0} fails at {1}")
    @MethodSource("errors")
    void rejectsWithThePosition(String expression, int position, String reason) {
        assertThatThrownBy(() -> SqlFilter.compile(expression))
                .isInstanceOfSatisfying(FilterSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).contains("position " + position);
                });
    }

    @Test
    void rejectsNestingBeyondTheBound() {
        String deep = "(".repeat(SqlParser.MAX_DEPTH + 1) + "TRUE" + ")".repeat(SqlParser.MAX_DEPTH + 1);
        assertThatThrownBy(() -> SqlFilter.compile(deep))
                .isInstanceOfSatisfying(FilterSyntaxException.class, e -> assertThat(e.position())
                        .isEqualTo(SqlParser.MAX_DEPTH));
        String notDeep = "NOT ".repeat(SqlParser.MAX_DEPTH) + "TRUE";
        assertThat(SqlFilter.compile(notDeep).matches(name -> null)).isTrue();
    }

    @Test
    void rejectsOverlongAndMissingExpressions() {
        assertThatThrownBy(() -> SqlFilter.compile("a = 1 OR ".repeat(2000) + "TRUE"))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> SqlFilter.compile(null)).isInstanceOf(FilterSyntaxException.class);
    }

    private static Arguments row(String expression, Truth expected) {
        return Arguments.of(expression, expected);
    }

    private static Arguments error(String expression, int position, String reason) {
        return Arguments.of(expression, position, reason);
    }
}
