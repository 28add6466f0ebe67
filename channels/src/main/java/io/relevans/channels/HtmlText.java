package io.relevans.channels;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Turns the HTML body of an email into the plain-text alternative sent next to it: paragraphs and
 * line breaks become line breaks, list items lines starting with "- ", links their text followed by
 * the address in parentheses (quoted or not in the markup), character references the characters they
 * stand for (every reference the HTML standard names, {@code &aring;} and {@code &euro;} alike); other
 * markup is dropped, and so are the head, scripts and styles.
 *
 * <p>The HTML is parsed with jsoup as a browser would, so broken markup (unclosed tags, stray
 * {@code <}) still gives text, in time linear in the length of the HTML; the text is then written in
 * one walk over the parsed tree.
 */
final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
            "table", "tr", "blockquote", "section", "header", "footer", "hr");
    private static final Set<String> CELLS = Set.of("td", "th");
    private static final Set<String> INVISIBLE = Set.of("script", "style", "template", "title", "head", "noscript");

    private HtmlText() {
    }

    /** The plain text of an HTML fragment or document; never null. */
    static String of(String html) {
        Document document = Jsoup.parse(html);
        Writer writer = new Writer();
        NodeTraversor.traverse(writer, document.body());
        return tidy(writer.out.toString());
    }

    /**
     * Writes the text in one walk over the tree. A link's text goes to a buffer of its own, written
     * with the address when the link ends; links inside links (not possible in parsed HTML, but
     * cheap to allow) each keep theirs.
     */
    private static final class Writer implements NodeVisitor {
        private final StringBuilder out = new StringBuilder();
        /** The buffers of the links being read, innermost last; the text goes to the innermost. */
        private final Deque<StringBuilder> links = new ArrayDeque<>();
        /** How deep inside an invisible element the walk is. */
        private int hidden;

        private StringBuilder target() {
            return links.isEmpty() ? out : links.peekLast();
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
                if (hidden == 0) {
                    target().append(collapse(text.getWholeText()));
                }
                return;
            }
            if (!(node instanceof Element element)) {
                return; // comments, doctypes
            }
            String tag = element.normalName();
            if (INVISIBLE.contains(tag)) {
                hidden++;
            } else if (hidden > 0) {
                return;
            } else if (tag.equals("br")) {
                target().append('\n');
            } else if (tag.equals("li")) {
                target().append("\n- ");
            } else if (BLOCKS.contains(tag)) {
                target().append("\n\n");
            } else if (isLink(element)) {
                links.addLast(new StringBuilder());
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (!(node instanceof Element element)) {
                return;
            }
            String tag = element.normalName();
            if (INVISIBLE.contains(tag)) {
                hidden--;
            } else if (hidden > 0) {
                return;
            } else if (BLOCKS.contains(tag)) {
                target().append("\n\n");
            } else if (CELLS.contains(tag)) {
                target().append(' ');
            } else if (isLink(element)) {
                String href = element.attr("href");
                String text = links.removeLast().toString().strip();
                target().append(text.isEmpty() || text.equals(href) ? href : text + " (" + href + ")");
            }
        }

        private static boolean isLink(Element element) {
            return element.normalName().equals("a") && element.hasAttr("href");
        }
    }

    /** Runs of white space (the no-break space included) as one space. */
    private static String collapse(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00A0') {
                if (!space) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        return out.toString();
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
