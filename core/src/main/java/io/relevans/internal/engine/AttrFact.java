package io.relevans.internal.engine;

/**
 * Rule fact: one attribute of the customer under evaluation, reduced to numbers so that no text of
 * customers or definitions ever appears in generated rules. Public only because generated rules
 * must see it.
 */
public final class AttrFact {
    /** Value kind codes. */
    public static final int NUMBER = 2;
    /** Date kind code. */
    public static final int DATE = 4;

    private final int attr;
    private final int kind;
    private final int valueId;
    private final double num;
    private final long ageMillis;

    AttrFact(int attr, int kind, int valueId, double num, long ageMillis) {
        this.attr = attr;
        this.kind = kind;
        this.valueId = valueId;
        this.num = num;
        this.ageMillis = ageMillis;
    }

    /** The attribute's id in the compiled symbol table. */
    public int getAttr() {
        return attr;
    }

    /** 1 text, 2 number, 3 flag, 4 date. */
    public int getKind() {
        return kind;
    }

    /** The id of the value in the literal table, or -1 when no definition names it. */
    public int getValueId() {
        return valueId;
    }

    /** The number, or the epoch day of a date; NaN for text and flags. */
    public double getNum() {
        return num;
    }

    /** How long ago the attribute was set or confirmed. */
    public long getAgeMillis() {
        return ageMillis;
    }
}
