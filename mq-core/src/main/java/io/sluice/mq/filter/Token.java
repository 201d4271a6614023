package io.sluice.mq.filter;

/**
 * One lexical token of a filter expression. Immutable.
 *
 * @param kind what the token is
 * @param text the value: the identifier, the digits of a number, the unescaped content of a
 *     string, the symbol or keyword as written
 * @param position 0-based index of its first character in the expression
 */
record Token(Kind kind, String text, int position) {

    /** Token kinds; keywords are matched case-insensitively, identifiers are case-sensitive. */
    enum Kind {
        IDENTIFIER,
        INTEGER,
        DECIMAL,
        STRING,
        LEFT_PAREN,
        RIGHT_PAREN,
        COMMA,
        PLUS,
        MINUS,
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE,
        AND,
        OR,
        NOT,
        BETWEEN,
        IN,
        IS,
        NULL,
        TRUE,
        FALSE,
        CONTAINS,
        STARTSWITH,
        ENDSWITH,
        END
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case END -> "end of expression";
            case STRING -> "string '" + text + "'";
            case IDENTIFIER -> "property " + text;
            case INTEGER, DECIMAL -> "number " + text;
            default -> "'" + text + "'";
        };
    }
}
