package io.sluice.mq.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a filter expression into {@link Token}s. Whitespace and {@code /* ... *}{@code /}
 * comments separate tokens; strings are single-quoted with {@code ''} for a quote; numbers are
 * decimal integers or decimals with an optional fraction and exponent ({@code 10}, {@code 2.5},
 * {@code .5}, {@code 1e3}); identifiers start with a letter, {@code _} or {@code $} and go on with
 * those, digits and {@code .}. Stateless and thread-safe.
 */
final class SqlLexer {

    private static final Map<String, Token.Kind> KEYWORDS = Map.ofEntries(
            Map.entry("AND", Token.Kind.AND),
            Map.entry("OR", Token.Kind.OR),
            Map.entry("NOT", Token.Kind.NOT),
            Map.entry("BETWEEN", Token.Kind.BETWEEN),
            Map.entry("IN", Token.Kind.IN),
            Map.entry("IS", Token.Kind.IS),
            Map.entry("NULL", Token.Kind.NULL),
            Map.entry("TRUE", Token.Kind.TRUE),
            Map.entry("FALSE", Token.Kind.FALSE),
            Map.entry("CONTAINS", Token.Kind.CONTAINS),
            Map.entry("STARTSWITH", Token.Kind.STARTSWITH),
            Map.entry("ENDSWITH", Token.Kind.ENDSWITH));

    private SqlLexer() {}

    /** The tokens of {@code expression}, ending with an {@link Token.Kind#END} token. */
    static List<Token> tokenize(String expression) {
        List<Token> tokens = new ArrayList<>();
        int at = 0;
        int length = expression.length();
        while (true) {
            at = skipBlanks(expression, at);
            if (at >= length) {
                tokens.add(new Token(Token.Kind.END, "", length));
                return tokens;
            }
            Token token = next(expression, at);
            tokens.add(token);
            at = token.kind() == Token.Kind.STRING
                    ? endOfString(expression, at)
                    : at + token.text().length();
        }
    }

    private static int skipBlanks(String expression, int from) {
        int at = from;
        while (at < expression.length()) {
            char c = expression.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (expression.startsWith("/*", at)) {
                int end = expression.indexOf("*/", at + 2);
                if (end < 0) {
                    throw new FilterSyntaxException(expression, at, "comment is not closed");
                }
                at = end + 2;
            } else {
                return at;
            }
        }
        return at;
    }

    private static Token next(String expression, int at) {
        char c = expression.charAt(at);
        if (c == '\'') {
            return new Token(Token.Kind.STRING, stringValue(expression, at), at);
        }
        if (Character.isDigit(c) || (c == '.' && at + 1 < expression.length() && isDigit(expression, at + 1))) {
            return number(expression, at);
        }
        if (Character.isLetter(c) || c == '_' || c == '$') {
            int end = at + 1;
            while (end < expression.length() && isIdentifierPart(expression.charAt(end))) {
                end++;
            }
            String word = expression.substring(at, end);
            Token.Kind keyword = KEYWORDS.get(word.toUpperCase(Locale.ROOT));
            return new Token(keyword == null ? Token.Kind.IDENTIFIER : keyword, word, at);
        }
        return symbol(expression, at);
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
    }

    private static boolean isDigit(String expression, int at) {
        return at < expression.length() && Character.isDigit(expression.charAt(at));
    }

    private static Token symbol(String expression, int at) {
        String two = expression.length() >= at + 2 ? expression.substring(at, at + 2) : "";
        switch (two) {
            case "<>":
                return new Token(Token.Kind.NE, two, at);
            case "<=":
                return new Token(Token.Kind.LE, two, at);
            case ">=":
                return new Token(Token.Kind.GE, two, at);
            default:
                break;
        }
        char c = expression.charAt(at);
        Token.Kind kind =
                switch (c) {
                    case '(' -> Token.Kind.LEFT_PAREN;
                    case ')' -> Token.Kind.RIGHT_PAREN;
                    case ',' -> Token.Kind.COMMA;
                    case '+' -> Token.Kind.PLUS;
                    case '-' -> Token.Kind.MINUS;
                    case '=' -> Token.Kind.EQ;
                    case '<' -> Token.Kind.LT;
                    case '>' -> Token.Kind.GT;
                    default ->
                        throw new FilterSyntaxException(expression, at, "unexpected character '" + c + "'" + hint(c));
                };
        return new Token(kind, String.valueOf(c), at);
    }

    private static String hint(char c) {
        return switch (c) {
            case '"' -> " (strings are single-quoted)";
            case '!' -> " (not equal is <>)";
            default -> "";
        };
    }

    /** Digits, an optional fraction and an optional exponent; INTEGER when it has neither. */
    private static Token number(String expression, int at) {
        int end = digits(expression, at);
        boolean decimal = false;
        if (end < expression.length() && expression.charAt(end) == '.') {
            decimal = true;
            end = digits(expression, end + 1);
        }
        if (end < expression.length() && (expression.charAt(end) == 'e' || expression.charAt(end) == 'E')) {
            int exponent = end + 1;
            if (exponent < expression.length()
                    && (expression.charAt(exponent) == '+' || expression.charAt(exponent) == '-')) {
                exponent++;
            }
            if (!isDigit(expression, exponent)) {
                throw new FilterSyntaxException(expression, exponent, "exponent of a number needs digits");
            }
            decimal = true;
            end = digits(expression, exponent);
        }
        if (end < expression.length() && isIdentifierPart(expression.charAt(end))) {
            throw new FilterSyntaxException(
                    expression, end, "unexpected character '" + expression.charAt(end) + "' in a number");
        }
        return new Token(decimal ? Token.Kind.DECIMAL : Token.Kind.INTEGER, expression.substring(at, end), at);
    }

    private static int digits(String expression, int from) {
        int at = from;
        while (isDigit(expression, at)) {
            at++;
        }
        return at;
    }

    /** The content of the string literal opening at {@code at}, with {@code ''} read as one quote. */
    private static String stringValue(String expression, int at) {
        StringBuilder value = new StringBuilder();
        int i = at + 1;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\'') {
                if (i + 1 < expression.length() && expression.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                return value.toString();
            }
            value.append(c);
            i++;
        }
        throw new FilterSyntaxException(expression, at, "string is not closed");
    }

    /** The index after the closing quote of the string literal opening at {@code at}. */
    private static int endOfString(String expression, int at) {
        int i = at + 1;
        while (true) {
            int quote = expression.indexOf('\'', i);
            if (quote + 1 < expression.length() && expression.charAt(quote + 1) == '\'') {
                i = quote + 2;
            } else {
                return quote + 1;
            }
        }
    }
}
