package io.relevans.dsl.internal;

/**
 * Text from definitions files as diagnostics show it: control characters (and the line and paragraph
 * separators) escaped as the language writes them, so that a diagnostic is always one line.
 */
public final class ControlCharacters {
    private ControlCharacters() {
    }

    /**
     * The text with each control character written as {@code \n}, {@code \t}, {@code \r} or as a
     * backslash, {@code u} and four hex digits; other characters, backslashes included, as they are.
     */
    public static String escaped(String text) {
        int first = 0;
        while (first < text.length() && !escapes(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (escapes(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static boolean escapes(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
