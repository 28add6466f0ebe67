package io.relevans.channels;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the HTML body of an email into the plain-text alternative sent next to it: paragraphs and
 * line breaks become line breaks, list items lines starting with "- ", links their text followed by
 * the address in parentheses, character references the characters they stand for; other markup is
 * dropped. Meant for the simple HTML of message templates, not as a general HTML renderer.
 */
final class HtmlText {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern INVISIBLE = Pattern.compile(
            "<!--.*?-->|<(head|style|script|title)\\b[^>]*>.*?</\\1\\s*>", FLAGS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern LINK = Pattern.compile(
            "<a\\s[^>]*?href\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')[^>]*>(.*?)</a\\s*>", FLAGS);
    private static final Pattern BREAK = Pattern.compile("<br\\b[^>]*>", FLAGS);
    private static final Pattern ITEM = Pattern.compile("<li\\b[^>]*>", FLAGS);
    private static final Pattern BLOCK = Pattern.compile(
            "</?(p|div|h[1-6]|ul|ol|table|tr|blockquote|section|header|footer|hr)\\b[^>]*>", FLAGS);
    private static final Pattern CELL = Pattern.compile("</t[dh]\\s*>", FLAGS);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ");

    private HtmlText() {
    }

    /** The plain text of an HTML fragment or document. */
    static String of(String html) {
        String s = INVISIBLE.matcher(html).replaceAll("");
        s = WHITESPACE.matcher(s).replaceAll(" ");
        s = links(s);
        s = BREAK.matcher(s).replaceAll("\n");
        s = ITEM.matcher(s).replaceAll("\n- ");
        s = BLOCK.matcher(s).replaceAll("\n\n");
        s = CELL.matcher(s).replaceAll(" ");
        s = TAG.matcher(s).replaceAll("");
        s = references(s);
        return tidy(s);
    }

    private static String links(String s) {
        Matcher m = LINK.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String href = m.group(1) != null ? m.group(1) : m.group(2);
            String text = TAG.matcher(m.group(3)).replaceAll("").strip();
            String replacement = text.isEmpty() || text.equals(href) ? href : text + " (" + href + ")";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String references(String s) {
        Matcher m = REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(decode(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String decode(String name, String whole) {
        if (name.startsWith("#")) {
            boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
            int code = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
            return Character.isValidCodePoint(code) && code != 0 ? Character.toString(code) : whole;
        }
        return NAMED.getOrDefault(name.toLowerCase(Locale.ROOT), whole);
    }

    /** Strips every line, and leaves at most one empty line between paragraphs. */
    private static String tidy(String s) {
        StringBuilder out = new StringBuilder();
        int empty = 0;
        for (String line : s.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty()) {
                empty++;
                continue;
            }
            if (out.length() > 0) {
                out.append(empty > 0 ? "\n\n" : "\n");
            }
            out.append(l);
            empty = 0;
        }
        return out.toString();
    }
}
