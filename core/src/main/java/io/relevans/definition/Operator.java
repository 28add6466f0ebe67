package io.relevans.definition;

/** A comparison between a value seen and the operand of a definition. */
public enum Operator {
    /** Equal. */
    EQ("=="),
    /** Not equal. */
    NE("!="),
    /** Less than. */
    LT("<"),
    /** Less than or equal. */
    LE("<="),
    /** Greater than. */
    GT(">"),
    /** Greater than or equal. */
    GE(">=");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in definitions and explanations, such as {@code >=}. */
    public String symbol() {
        return symbol;
    }

    /** Whether the operator orders values (and so needs numbers or dates, not text). */
    public boolean isOrdering() {
        return this != EQ && this != NE;
    }

    /** Applies the comparison to two numbers; false when either is NaN. */
    public boolean test(double seen, double operand) {
        if (Double.isNaN(seen) || Double.isNaN(operand)) {
            return false;
        }
        return switch (this) {
            case EQ -> seen == operand;
            case NE -> seen != operand;
            case LT -> seen < operand;
            case LE -> seen <= operand;
            case GT -> seen > operand;
            case GE -> seen >= operand;
        };
    }
}
