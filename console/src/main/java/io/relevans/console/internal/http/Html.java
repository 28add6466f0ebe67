package io.relevans.console.internal.http;

/**
 * HTML text built by appending: every value goes through {@link #text} or an attribute, which escape it, so
 * that a customer's {@code <script>} shows as text. Only constant markup of the console's own is appended raw.
 */
public final class Html {

    private final StringBuilder out = new StringBuilder(8192);

    /** Appends constant markup of the console's own, never a value from outside. */
    public Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends a value as text. */
    public Html text(Object value) {
        escape(String.valueOf(value), out);
        return this;
    }

    /** Appends {@code <tag>value</tag>} with the value as text; {@code tag} may carry constant attributes. */
    public Html el(String tag, Object value) {
        out.append('<').append(tag).append('>');
        text(value);
        int space = tag.indexOf(' ');
        out.append("</").append(space < 0 ? tag : tag.substring(0, space)).append('>');
        return this;
    }

    /** Appends {@code name="value"} with a leading space, the value escaped. */
    public Html attr(String name, Object value) {
        out.append(' ').append(name).append("=\"");
        escape(String.valueOf(value), out);
        out.append('"');
        return this;
    }

    /** Appends a hidden form field. */
    public Html hidden(String name, String value) {
        raw("<input type=\"hidden\"").attr("name", name).attr("value", value).raw(">");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** The value escaped for HTML text and quoted attributes. */
    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 16);
        escape(value, sb);
        return sb.toString();
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '`' -> out.append("&#96;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append("&#xFFFD;");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
