package io.relevans.dsl.internal;

import io.relevans.dsl.Diagnostic;
import io.relevans.dsl.internal.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a definitions file into tokens; problems become diagnostics and ERROR tokens. */
public final class Lexer {

    private static final Pattern INSTANT =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIME = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");
    private static final Pattern NUMBER = Pattern.compile("\\d+(_\\d+)*(\\.\\d+)?([eE][+-]?\\d+)?");
    /** The duration units, longest first. */
    static final List<String> UNITS = List.of("ms", "s", "m", "h", "d", "w", "y");

    private final String file;
    private final String text;
    private final List<Diagnostic> diagnostics;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;
    private boolean first = true;

    private Lexer(String file, String text, List<Diagnostic> diagnostics) {
        this.file = file;
        this.text = text;
        this.diagnostics = diagnostics;
    }

    /** The tokens of the text, ending with EOF; problems are added to the diagnostics. */
    public static List<Token> tokens(String file, String text, List<Diagnostic> diagnostics) {
        Lexer lexer = new Lexer(file, text, diagnostics);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        int n = text.length();
        while (pos < n) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
                first = true;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '#') {
                while (pos < n && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                token();
            }
        }
        add(Kind.EOF, "", pos);
    }

    private void add(Kind kind, String value, int start) {
        tokens.add(new Token(kind, value, line, start - lineStart + 1, first, pos - lineStart + 1));
        first = false;
    }

    private void error(int start, String message) {
        diagnostics.add(new Diagnostic(file, line, start - lineStart + 1, message));
        add(Kind.ERROR, text.substring(start, Math.max(start + 1, Math.min(pos, text.length()))), start);
    }

    private boolean match(Pattern p, Kind kind) {
        Matcher m = p.matcher(text).region(pos, text.length());
        if (m.lookingAt()) {
            int start = pos;
            pos = m.end();
            add(kind, m.group(), start);
            return true;
        }
        return false;
    }

    private void token() {
        int start = pos;
        char c = text.charAt(pos);
        if (Character.isLetter(c) && c < 128 || c == '_') {
            ident();
        } else if (c >= '0' && c <= '9') {
            if (match(INSTANT, Kind.INSTANT) || match(DATE, Kind.DATE) || match(TIME, Kind.TIME)) {
                return;
            }
            Matcher m = NUMBER.matcher(text).region(pos, text.length());
            m.lookingAt();
            pos = m.end();
            int unitStart = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            if (unitStart == pos) {
                add(Kind.NUMBER, text.substring(start, pos), start);
                return;
            }
            String unit = text.substring(unitStart, pos);
            String amount = text.substring(start, unitStart);
            if (!UNITS.contains(unit)) {
                error(start, "unknown duration unit '" + unit + "' in '" + amount + unit
                        + "'; use ms, s, m, h, d, w or y (365d)" + Suggest.hint(unit, UNITS));
            } else if (!amount.matches("\\d+(_\\d+)*")) {
                error(start, "a duration is a whole number with a unit, such as 90d, got '" + amount + unit + "'");
            } else {
                add(Kind.DURATION, text.substring(start, pos), start);
            }
        } else if (c == '"') {
            string();
        } else if (c == '\'') {
            int end = text.indexOf('\'', pos + 1);
            int eol = text.indexOf('\n', pos + 1);
            if (end > 0 && (eol < 0 || end < eol)) {
                pos = end + 1;
                error(start, "text is written in double quotes: " + Printer.quote(text.substring(start + 1, end)));
            } else {
                pos++;
                error(start, "unexpected character \"'\" (not closed on its line); text is written in double "
                        + "quotes");
            }
        } else {
            punctuation(start, c);
        }
    }

    private void ident() {
        int start = pos;
        int n = text.length();
        while (pos < n && wordChar(text.charAt(pos))) {
            pos++;
        }
        while (pos + 1 < n && (text.charAt(pos) == '.' || text.charAt(pos) == '-') && wordChar(text.charAt(pos + 1))) {
            pos++;
            while (pos < n && wordChar(text.charAt(pos))) {
                pos++;
            }
        }
        add(Kind.IDENT, text.substring(start, pos), start);
    }

    static boolean wordChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private void string() {
        int start = pos;
        StringBuilder sb = new StringBuilder();
        pos++;
        int n = text.length();
        while (true) {
            if (pos >= n || text.charAt(pos) == '\n') {
                error(start, "text not closed: add a '\"' before the end of the line");
                return;
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                add(Kind.STRING, sb.toString(), start);
                return;
            }
            if (c == '\\') {
                if (pos + 1 >= n) {
                    pos++;
                    continue;
                }
                char e = text.charAt(pos + 1);
                pos += 2;
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case 'u' -> {
                        if (pos + 4 <= n && text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                            pos += 4;
                        } else {
                            skipString();
                            error(start, "bad escape in text: \\u needs four hex digits");
                            return;
                        }
                    }
                    default -> {
                        skipString();
                        error(start, "unknown escape '\\" + e + "' in text; use \\\", \\\\, \\n, \\t, \\r or \\uXXXX");
                        return;
                    }
                }
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    private void skipString() {
        while (pos < text.length() && text.charAt(pos) != '"' && text.charAt(pos) != '\n') {
            pos += text.charAt(pos) == '\\' ? 2 : 1;
        }
        pos = Math.min(text.length(), pos + (pos < text.length() && text.charAt(pos) == '"' ? 1 : 0));
    }

    private void punctuation(int start, char c) {
        char next = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
        String two = "" + c + next;
        switch (two) {
            case "==", "!=", "<=", ">=" -> {
                pos += 2;
                add(Kind.OP, two, start);
                return;
            }
            case "->" -> {
                pos += 2;
                add(Kind.ARROW, two, start);
                return;
            }
            case ".." -> {
                pos += 2;
                add(Kind.DOTDOT, two, start);
                return;
            }
            default -> {
            }
        }
        pos++;
        switch (c) {
            case '<', '>' -> add(Kind.OP, String.valueOf(c), start);
            case ':' -> add(Kind.COLON, ":", start);
            case ',' -> add(Kind.COMMA, ",", start);
            case '(' -> add(Kind.LPAREN, "(", start);
            case ')' -> add(Kind.RPAREN, ")", start);
            case '/' -> add(Kind.SLASH, "/", start);
            case '%' -> add(Kind.PERCENT, "%", start);
            case '-' -> add(Kind.MINUS, "-", start);
            case '=' -> add(Kind.ASSIGN, "=", start);
            default -> {
                String shown = Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
                error(start, "unexpected character '" + shown + "'"
                        + (c == '!' ? "; did you mean '!='?" : c == '\'' ? "; text is written in double quotes" : ""));
            }
        }
    }
}
