package io.relevans.spi;

import io.relevans.customer.Channel;
import io.relevans.customer.Value;
import io.relevans.event.Line;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A small default {@link TemplateRenderer}: templates registered by id, each a subject and a body
 * with {@code {{name}}} placeholders for message data values, and an optional {@code
 * {{#lines}}...{{/lines}}} section repeated for every line, inside which {@code {{sku}}}, {@code
 * {{category}}}, {@code {{price}}} and {@code {{quantity}}} stand for the line's parts (other names
 * still stand for data values).
 *
 * <pre>{@code
 * TemplateRenderer templates = SimpleTemplates.builder()
 *         .template("cart_reminder", "Still thinking, {{first_name}}?",
 *                 "<p>Hi {{first_name}},</p><ul>{{#lines}}<li>{{sku}}: {{price}}</li>{{/lines}}</ul>")
 *         .build();
 * }</pre>
 *
 * <p>Data is inserted as text, never interpreted: a value containing {@code {{x}}} appears literally
 * as {@code {{x}}}. In the body of an {@link Channel#EMAIL email}, values are HTML-escaped ({@code &
 * < > " '}); on other channels they are inserted as they are. In the subject, which is a plain-text
 * header on every channel, values are not HTML-escaped, but line breaks and other control characters
 * in them become spaces. A placeholder whose value is missing renders as the empty string.
 *
 * <p>Numbers are written as {@link Value#asText()} writes them; a line's price is written without
 * decimals when whole ({@code 1299}), else with two ({@code 19.90}). Templates are parsed when
 * registered, so a malformed one fails at {@link Builder#template(String, String, String)}.
 * Immutable and thread-safe.
 */
public final class SimpleTemplates implements TemplateRenderer {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final String SECTION = "lines";

    private final Map<String, Template> templates;

    private SimpleTemplates(Map<String, Template> templates) {
        this.templates = Collections.unmodifiableMap(new TreeMap<>(templates));
    }

    /** A builder with no templates yet. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException naming the template when it is unknown
     */
    @Override
    public Rendered render(String template, Channel channel, Map<String, Value> data, List<Line> lines) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(lines, "lines");
        Template t = templates.get(template);
        if (t == null) {
            throw new IllegalArgumentException("unknown template '" + template + "'");
        }
        Escaping bodyEscaping = Channel.EMAIL.equals(channel) ? Escaping.HTML : Escaping.NONE;
        return new Rendered(render(t.subject(), Escaping.ONE_LINE, data, lines),
                render(t.body(), bodyEscaping, data, lines));
    }

    @Override
    public boolean knows(String template) {
        return templates.containsKey(template);
    }

    private static String render(List<Part> parts, Escaping escaping, Map<String, Value> data, List<Line> lines) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal literal) {
                out.append(literal.text());
            } else if (p instanceof Slot slot) {
                Value v = data.get(slot.name());
                escaping.append(out, v == null ? "" : v.asText());
            } else if (p instanceof LinesSection section) {
                for (Line line : lines) {
                    for (Part inner : section.parts()) {
                        if (inner instanceof Literal literal) {
                            out.append(literal.text());
                        } else if (inner instanceof Slot slot) {
                            escaping.append(out, lineValue(slot.name(), line, data));
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    private static String lineValue(String name, Line line, Map<String, Value> data) {
        return switch (name) {
            case "sku" -> line.sku();
            case "category" -> line.category().name();
            case "price" -> price(line.price());
            case "quantity" -> Integer.toString(line.quantity());
            default -> {
                Value v = data.get(name);
                yield v == null ? "" : v.asText();
            }
        };
    }

    private static String price(double price) {
        BigDecimal p = BigDecimal.valueOf(price);
        if (p.stripTrailingZeros().scale() <= 0) {
            return p.setScale(0, RoundingMode.UNNECESSARY).toPlainString();
        }
        return p.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** How data values are written into the output. */
    private enum Escaping {
        /** As they are. */
        NONE {
            @Override
            void append(StringBuilder out, String value) {
                out.append(value);
            }
        },
        /** HTML: {@code & < > " '} as character references. */
        HTML {
            @Override
            void append(StringBuilder out, String value) {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    switch (c) {
                        case '&' -> out.append("&amp;");
                        case '<' -> out.append("&lt;");
                        case '>' -> out.append("&gt;");
                        case '"' -> out.append("&quot;");
                        case '\'' -> out.append("&#39;");
                        default -> out.append(c);
                    }
                }
            }
        },
        /** One line of plain text: control characters (line breaks included) become spaces. */
        ONE_LINE {
            @Override
            void append(StringBuilder out, String value) {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
                }
            }
        };

        abstract void append(StringBuilder out, String value);
    }

    private sealed interface Part permits Literal, Slot, LinesSection {
    }

    private record Literal(String text) implements Part {
    }

    private record Slot(String name) implements Part {
    }

    private record LinesSection(List<Part> parts) implements Part {
    }

    private record Template(List<Part> subject, List<Part> body) {
    }

    /** Parses template text into parts; errors name the template and the position. */
    private static List<Part> parse(String id, String what, String text) {
        List<Part> top = new ArrayList<>();
        List<Part> section = null;
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                (section == null ? top : section).add(new Literal(text.substring(at)));
                break;
            }
            if (open > at) {
                (section == null ? top : section).add(new Literal(text.substring(at, open)));
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw problem(id, what, "'{{' at position " + open + " is not closed by '}}'");
            }
            String tag = text.substring(open + 2, close).strip();
            if (tag.startsWith("#")) {
                String name = tag.substring(1).strip();
                if (!name.equals(SECTION)) {
                    throw problem(id, what, "unknown section '{{" + tag + "}}' at position " + open
                            + "; only {{#lines}} is known");
                }
                if (section != null) {
                    throw problem(id, what, "{{#lines}} at position " + open + " is inside another {{#lines}}");
                }
                section = new ArrayList<>();
            } else if (tag.startsWith("/")) {
                String name = tag.substring(1).strip();
                if (!name.equals(SECTION) || section == null) {
                    throw problem(id, what, "'{{" + tag + "}}' at position " + open + " closes no open section");
                }
                top.add(new LinesSection(List.copyOf(section)));
                section = null;
            } else {
                if (!NAME.matcher(tag).matches()) {
                    throw problem(id, what, "bad placeholder '{{" + tag + "}}' at position " + open
                            + "; names are letters, digits, '_', '-' or '.'");
                }
                (section == null ? top : section).add(new Slot(tag));
            }
            at = close + 2;
        }
        if (section != null) {
            throw problem(id, what, "{{#lines}} is not closed by {{/lines}}");
        }
        return List.copyOf(top);
    }

    private static IllegalArgumentException problem(String id, String what, String problem) {
        return new IllegalArgumentException("template '" + id + "' " + what + ": " + problem);
    }

    /** Collects templates; {@link #build()} makes an immutable renderer. */
    public static final class Builder {

        private final Map<String, Template> templates = new TreeMap<>();

        private Builder() {
        }

        /**
         * Registers a template.
         *
         * @param id      the template id programs name, not blank
         * @param subject the subject or title text, may be empty
         * @param body    the body text
         * @return this builder
         * @throws IllegalArgumentException when the id is blank or already registered, or the text is
         *                                  malformed (an unclosed '{{', a bad placeholder name, an
         *                                  unknown or unclosed section)
         */
        public Builder template(String id, String subject, String body) {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(body, "body");
            if (id.isBlank()) {
                throw new IllegalArgumentException("template id must not be blank");
            }
            if (templates.containsKey(id)) {
                throw new IllegalArgumentException("template '" + id + "' is registered twice");
            }
            templates.put(id, new Template(parse(id, "subject", subject), parse(id, "body", body)));
            return this;
        }

        /** A renderer with the templates registered so far. */
        public SimpleTemplates build() {
            return new SimpleTemplates(templates);
        }
    }
}
