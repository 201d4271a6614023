package io.sluice.mq.filter;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser of RocketMQ's SQL92 filter grammar into {@link Condition}s. Precedence,
 * loosest first: OR, AND, NOT, then one predicate over operands:
 *
 * <pre>
 *  expression := or END
 *  or         := and (OR and)*
 *  and        := not (AND not)*
 *  not        := NOT not | predicate
 *  predicate  := '(' or ')'
 *              | operand (('=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') operand
 *                        | [NOT] BETWEEN number AND number
 *                        | [NOT] IN '(' string (',' string)* ')'
 *                        | IS [NOT] NULL
 *                        | [NOT] (CONTAINS | STARTSWITH | ENDSWITH) string)?
 *  operand    := property | string | ['+' | '-'] number | TRUE | FALSE
 * </pre>
 *
 * A lone operand is a condition only when it is TRUE, FALSE or a property (true when it reads
 * "true"). Type rules checked here, as RocketMQ checks them when compiling: ordering operators and
 * BETWEEN take numbers, IN and the string tests take strings and a property on the left, NULL only
 * appears in IS [NOT] NULL, BETWEEN's low bound is not above its high bound. Nesting is bounded so
 * that a hostile expression cannot exhaust the stack. Not thread-safe; one instance parses once.
 */
final class SqlParser {

    /** Deepest nesting of parentheses and NOTs. */
    static final int MAX_DEPTH = 100;

    private final String expression;
    private final List<Token> tokens;
    private int index;
    private int depth;

    private SqlParser(String expression) {
        this.expression = expression;
        this.tokens = SqlLexer.tokenize(expression);
    }

    /** Parses {@code expression}; throws {@link FilterSyntaxException} naming the position. */
    static Condition parse(String expression) {
        SqlParser parser = new SqlParser(expression);
        if (parser.peek().kind() == Token.Kind.END) {
            throw parser.error(parser.peek(), "expression is empty");
        }
        Condition condition = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Token.Kind.END) {
            throw parser.error(rest, "unexpected " + rest.describe() + ", expected AND, OR or the end");
        }
        return condition;
    }

    private Condition or() {
        Condition left = and();
        while (accept(Token.Kind.OR)) {
            left = new Logic.Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = not();
        while (accept(Token.Kind.AND)) {
            left = new Logic.And(left, not());
        }
        return left;
    }

    private Condition not() {
        Token token = peek();
        if (!accept(Token.Kind.NOT)) {
            return predicate();
        }
        enter(token);
        Condition operand = not();
        depth--;
        return new Logic.Not(operand);
    }

    private Condition predicate() {
        Token start = peek();
        if (accept(Token.Kind.LEFT_PAREN)) {
            enter(start);
            Condition inner = or();
            expect(Token.Kind.RIGHT_PAREN, "')' to close the '(' at position " + start.position());
            depth--;
            return inner;
        }
        Operand left = operand();
        Token next = peek();
        boolean negated = false;
        if (next.kind() == Token.Kind.NOT) {
            index++;
            negated = true;
            next = peek();
        }
        return switch (next.kind()) {
            case EQ, NE, LT, LE, GT, GE -> {
                if (negated) {
                    throw error(next, "NOT cannot precede " + next.describe());
                }
                yield comparison(start, left);
            }
            case BETWEEN -> between(left, negated);
            case IN -> in(start, left, negated);
            case CONTAINS, STARTSWITH, ENDSWITH -> text(start, left, negated);
            case IS -> {
                if (negated) {
                    throw error(next, "NOT cannot precede IS; write IS NOT NULL");
                }
                yield isNull(start, left);
            }
            default -> lone(start, left, negated, next);
        };
    }

    private Condition lone(Token start, Operand left, boolean negated, Token next) {
        if (negated) {
            throw error(
                    next, "expected BETWEEN, IN, CONTAINS, STARTSWITH or ENDSWITH after NOT, found " + next.describe());
        }
        if (left instanceof Operand.Property property) {
            return new Logic.PropertyFlag(property.name());
        }
        if (((Operand.Literal) left).constant() instanceof Boolean b) {
            return new Logic.Constant(Truth.of(b));
        }
        throw error(next, "expected a comparison after " + start.describe() + ", found " + next.describe());
    }

    private Condition comparison(Token leftToken, Operand left) {
        Token operatorToken = tokens.get(index++);
        Comparison.Operator operator =
                Comparison.Operator.valueOf(operatorToken.kind().name());
        Token rightToken = peek();
        Operand right = operand();
        if (operator.ordering()) {
            requireNumeric(leftToken, left, operatorToken);
            requireNumeric(rightToken, right, operatorToken);
        }
        return new Comparison(operator, left, right);
    }

    private void requireNumeric(Token token, Operand operand, Token operator) {
        if (operand instanceof Operand.Literal literal && !literal.numeric()) {
            throw error(
                    token,
                    token.describe() + " cannot be compared with " + operator.describe()
                            + " (only numbers and properties can)");
        }
    }

    private Condition between(Operand value, boolean negated) {
        index++;
        Token lowToken = peek();
        Number low = number("BETWEEN");
        expect(Token.Kind.AND, "AND between the bounds of BETWEEN");
        Number high = number("BETWEEN ... AND");
        if (Numbers.compare(low, high) > 0) {
            throw error(lowToken, "BETWEEN bounds reversed: " + low + " is above " + high);
        }
        return new Predicates.Between(value, low, high, negated);
    }

    private Condition in(Token start, Operand left, boolean negated) {
        String name = property(start, left, "IN");
        index++;
        expect(Token.Kind.LEFT_PAREN, "'(' after IN");
        Set<String> values = new LinkedHashSet<>();
        do {
            values.add(string("IN"));
        } while (accept(Token.Kind.COMMA));
        expect(Token.Kind.RIGHT_PAREN, "',' or ')' in the IN list");
        return new Predicates.In(name, Set.copyOf(values), negated);
    }

    private Condition text(Token start, Operand left, boolean negated) {
        Token operator = tokens.get(index++);
        String name = property(start, left, operator.text().toUpperCase(java.util.Locale.ROOT));
        Predicates.TextTest test = Predicates.TextTest.valueOf(operator.kind().name());
        return new Predicates.Text(test, name, string(operator.text()), negated);
    }

    private Condition isNull(Token start, Operand left) {
        String name = property(start, left, "IS NULL");
        index++;
        boolean negated = accept(Token.Kind.NOT);
        expect(Token.Kind.NULL, "NULL after IS" + (negated ? " NOT" : ""));
        return new Predicates.IsNull(name, negated);
    }

    private String property(Token start, Operand left, String what) {
        if (left instanceof Operand.Property property) {
            return property.name();
        }
        throw error(start, what + " needs a property on its left, found " + start.describe());
    }

    private Operand operand() {
        Token token = peek();
        switch (token.kind()) {
            case IDENTIFIER:
                index++;
                return new Operand.Property(token.text());
            case STRING:
                index++;
                return new Operand.Literal(token.text());
            case TRUE, FALSE:
                index++;
                return new Operand.Literal(token.kind() == Token.Kind.TRUE);
            case INTEGER, DECIMAL, PLUS, MINUS:
                return new Operand.Literal(number("the comparison"));
            case NULL:
                throw error(token, "NULL can only be tested with IS NULL or IS NOT NULL");
            default:
                throw error(token, "expected a property or a value, found " + token.describe());
        }
    }

    /** An optionally signed number literal. */
    private Number number(String context) {
        Token first = peek();
        boolean negative = first.kind() == Token.Kind.MINUS;
        if (negative || first.kind() == Token.Kind.PLUS) {
            index++;
        }
        Token token = peek();
        if (token.kind() != Token.Kind.INTEGER && token.kind() != Token.Kind.DECIMAL) {
            throw error(token, "expected a number in " + context + ", found " + token.describe());
        }
        index++;
        String text = (negative ? "-" : "") + token.text();
        try {
            return token.kind() == Token.Kind.INTEGER ? Long.valueOf(text) : Double.valueOf(text);
        } catch (NumberFormatException e) {
            throw error(token, "number " + token.text() + " is out of range");
        }
    }

    private String string(String context) {
        Token token = peek();
        if (token.kind() != Token.Kind.STRING) {
            throw error(token, context + " takes 'quoted strings', found " + token.describe());
        }
        index++;
        return token.text();
    }

    private Token peek() {
        return tokens.get(index);
    }

    private boolean accept(Token.Kind kind) {
        if (peek().kind() == kind) {
            index++;
            return true;
        }
        return false;
    }

    private void expect(Token.Kind kind, String what) {
        Token token = peek();
        if (!accept(kind)) {
            throw error(token, "expected " + what + ", found " + token.describe());
        }
    }

    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw error(token, "nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private FilterSyntaxException error(Token token, String reason) {
        return new FilterSyntaxException(expression, token.position(), reason);
    }
}
