package io.relevans.dsl.internal;

/**
 * One token of a definitions file.
 *
 * @param kind        the kind
 * @param text        the text as written (for strings: the decoded value)
 * @param line        the line, from 1
 * @param column      the column, from 1
 * @param firstOnLine whether no other token precedes it on its line
 * @param end         the column just after the token
 */
public record Token(Kind kind, String text, int line, int column, boolean firstOnLine, int end) {

    /** Token kinds. */
    public enum Kind {
        /** A word: names and keywords, possibly with inner '.' or '-'. */
        IDENT,
        /** A quoted text, decoded. */
        STRING,
        /** A number without sign, such as {@code 20_000} or {@code 2.5}. */
        NUMBER,
        /** A whole number with a unit, such as {@code 14d}. */
        DURATION,
        /** A time of day such as {@code 09:00}. */
        TIME,
        /** A date such as {@code 1990-01-01}. */
        DATE,
        /** A moment such as {@code 2026-03-02T09:00:00Z}. */
        INSTANT,
        /** ==, !=, &lt;, &lt;=, &gt;, &gt;=. */
        OP,
        /** :. */
        COLON,
        /** ,. */
        COMMA,
        /** (. */
        LPAREN,
        /** ). */
        RPAREN,
        /** /. */
        SLASH,
        /** %. */
        PERCENT,
        /** -&gt;. */
        ARROW,
        /** ... */
        DOTDOT,
        /** -. */
        MINUS,
        /** =. */
        ASSIGN,
        /** Something the lexer already reported. */
        ERROR,
        /** The end of the text. */
        EOF
    }

    /** Whether this is the word, as an unquoted identifier. */
    public boolean is(String word) {
        return kind == Kind.IDENT && text.equals(word);
    }

    /**
     * How the token is named in error messages (a long text shortened); control characters in it are
     * escaped by {@link io.relevans.dsl.Diagnostic}.
     */
    public String describe() {
        return switch (kind) {
            case EOF -> "end of file";
            case STRING -> "text \"" + (text.length() > 20 ? shortened(text) + "..." : text) + "\"";
            default -> "'" + text + "'";
        };
    }

    /** The first 20 characters, or 19 where the 20th would split a surrogate pair. */
    private static String shortened(String text) {
        return text.substring(0, Character.isHighSurrogate(text.charAt(19)) ? 19 : 20);
    }
}
