package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.Value;
import io.relevans.event.Line;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimpleTemplatesTest {

    private static final List<Line> NO_LINES = List.of();

    private static TemplateRenderer.Rendered render(String subject, String body, Channel channel,
                                                    Map<String, Value> data, List<Line> lines) {
        return SimpleTemplates.builder().template("t", subject, body).build().render("t", channel, data, lines);
    }

    private static String body(String body, Channel channel, Map<String, Value> data) {
        return render("", body, channel, data, NO_LINES).body();
    }

    @Test
    @DisplayName("placeholders in subject and body are replaced by the data values, as text")
    void placeholders_replacedByValues() {
        TemplateRenderer templates = SimpleTemplates.builder()
                .template("cart_reminder", "Still thinking, {{first_name}}?",
                        "Hi {{first_name}}, {{count}} items, member: {{vip}}, since {{since}}. {{ first_name }}!")
                .build();

        TemplateRenderer.Rendered r = templates.render("cart_reminder", Channel.SMS,
                Map.of("first_name", Value.of("Ada"), "count", Value.of(3), "vip", Value.of(true),
                        "since", Value.of(java.time.LocalDate.of(2024, 5, 1))),
                NO_LINES);

        assertEquals("Still thinking, Ada?", r.subject());
        assertEquals("Hi Ada, 3 items, member: true, since 2024-05-01. Ada!", r.body());
    }

    @Test
    @DisplayName("a placeholder without a value renders as the empty string")
    void unknownPlaceholder_rendersEmpty() {
        assertEquals("Hi !", body("Hi {{first_name}}!", Channel.EMAIL, Map.of()));
        assertEquals("[]", body("[{{nothing}}]", Channel.SMS, Map.of("other", Value.of("x"))));
    }

    @Test
    @DisplayName("the lines section is repeated per line with sku, category, price and quantity")
    void linesSection_repeatedPerLine() {
        List<Line> lines = List.of(Line.of("TV-55", "tv", 1299.0, 1), Line.of("HDMI-2", "cables", 19.9, 2));

        TemplateRenderer.Rendered r = render("{{#lines}}{{sku}} {{/lines}}",
                "Your cart, {{name}}:\n{{#lines}}- {{quantity}} x {{sku}} ({{category}}) at {{price}} {{currency}}\n"
                        + "{{/lines}}Total lines: {{n}}",
                Channel.SMS, Map.of("name", Value.of("Ada"), "currency", Value.of("NOK"), "n", Value.of(2)), lines);

        assertEquals("TV-55 HDMI-2 ", r.subject());
        assertEquals("Your cart, Ada:\n- 1 x TV-55 (tv) at 1299 NOK\n- 2 x HDMI-2 (cables) at 19.90 NOK\n"
                + "Total lines: 2", r.body());
    }

    @Test
    @DisplayName("with no lines the section renders nothing")
    void linesSection_noLines_rendersNothing() {
        assertEquals("before  after", render("", "before {{#lines}}<li>{{sku}}</li>{{/lines}} after",
                Channel.EMAIL, Map.of(), NO_LINES).body());
    }

    @Test
    @DisplayName("outside the lines section, line names are ordinary data names")
    void lineNamesOutsideSection_areDataNames() {
        assertEquals("sku=, price=5", render("", "sku={{sku}}, price={{price}}", Channel.SMS,
                Map.of("price", Value.of(5)), List.of(Line.of("A", "tv", 1, 1))).body());
    }

    @Test
    @DisplayName("email bodies HTML-escape every data value, line parts included; the template's own HTML stays")
    void email_escapesValues() {
        List<Line> lines = List.of(new Line("<b>&\"'", io.relevans.customer.Category.of("tv"), 1.0, 1));

        String body = render("", "<p>{{name}}</p><ul>{{#lines}}<li>{{sku}}</li>{{/lines}}</ul>", Channel.EMAIL,
                Map.of("name", Value.of("Tom & \"Jerry\" <o'neil>")), lines).body();

        assertEquals("<p>Tom &amp; &quot;Jerry&quot; &lt;o&#39;neil&gt;</p><ul><li>&lt;b&gt;&amp;&quot;&#39;</li></ul>",
                body);
    }

    @Test
    @DisplayName("other channels insert data values as they are")
    void otherChannels_doNotEscape() {
        Map<String, Value> data = Map.of("name", Value.of("Tom & \"Jerry\" <o'neil>"));

        assertEquals("Hi Tom & \"Jerry\" <o'neil>", body("Hi {{name}}", Channel.SMS, data));
        assertEquals("Hi Tom & \"Jerry\" <o'neil>", body("Hi {{name}}", Channel.PUSH, data));
        assertEquals("Hi Tom & \"Jerry\" <o'neil>", body("Hi {{name}}", Channel.of("whatsapp"), data));
    }

    @Test
    @DisplayName("the subject is never HTML-escaped, but line breaks in values become spaces")
    void subject_plainOneLine() {
        Map<String, Value> data = Map.of("name", Value.of("Tom & <Jerry>\r\nBcc: x@example.com"));

        TemplateRenderer.Rendered r = render("Hi {{name}}", "", Channel.EMAIL, data, NO_LINES);

        assertEquals("Hi Tom & <Jerry>  Bcc: x@example.com", r.subject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{x}}", "{{#lines}}{{sku}}{{/lines}}", "{{first_name}}", "${jndi:ldap://x/a}",
            "#{7*7}", "<%= 7*7 %>", "{{", "}}", "\\{{x}}", "$1 \\0"})
    @DisplayName("injection strings in data appear literally on a plain channel, never expanded")
    void injection_renderedLiterally(String evil) {
        Map<String, Value> data = Map.of("name", Value.of(evil), "x", Value.of("EXPANDED"),
                "first_name", Value.of("EXPANDED"));

        String body = render("", "[{{name}}]{{#lines}}{{sku}}{{/lines}}", Channel.SMS, data,
                List.of(Line.of("SKU-1", "tv", 1, 1))).body();

        assertEquals("[" + evil + "]SKU-1", body);
    }

    @Test
    @DisplayName("injection strings in email data are escaped and never expanded")
    void injection_inEmail_escapedNotExpanded() {
        Map<String, Value> data = Map.of("a", Value.of("<script>alert('x')</script>"), "b", Value.of("{{c}}"),
                "c", Value.of("EXPANDED"), "d", Value.of("${user.home}"), "e", Value.of("\" onmouseover=\"x"));

        String body = body("{{a}}|{{b}}|{{d}}|<a title=\"{{e}}\">", Channel.EMAIL, data);

        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;|{{c}}|${user.home}"
                + "|<a title=\"&quot; onmouseover=&quot;x\">", body);
    }

    @Test
    @DisplayName("injection strings in line parts are not expanded either")
    void injection_inLines_notExpanded() {
        Line evil = Line.of("{{name}}", "tv", 1, 1);

        assertEquals("{{name}};", render("", "{{#lines}}{{sku}};{{/lines}}", Channel.SMS,
                Map.of("name", Value.of("EXPANDED")), List.of(evil)).body());
    }

    @Test
    @DisplayName("an unknown template is an IllegalArgumentException naming it; knows answers per id")
    void unknownTemplate_throwsNamingIt() {
        SimpleTemplates templates = SimpleTemplates.builder().template("welcome", "Hi", "Welcome").build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> templates.render("cart_reminder", Channel.EMAIL, Map.of(), NO_LINES));

        assertTrue(e.getMessage().contains("cart_reminder"), e.getMessage());
        assertTrue(templates.knows("welcome"));
        assertFalse(templates.knows("cart_reminder"));
        assertFalse(SimpleTemplates.builder().build().knows("welcome"));
    }

    @Test
    @DisplayName("malformed templates fail when registered, naming the template")
    void malformedTemplate_failsAtRegistration() {
        for (String bad : List.of("Hi {{name", "{{#lines}}no end", "{{/lines}}", "{{#items}}{{/items}}",
                "{{#lines}}{{#lines}}{{/lines}}{{/lines}}", "{{na me}}", "{{}}", "{{{x}}}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SimpleTemplates.builder().template("broken", "", bad), bad);
            assertTrue(e.getMessage().contains("broken"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> SimpleTemplates.builder().template("t", "", "x").template("t", "", "y"), "duplicate id");
        assertThrows(IllegalArgumentException.class, () -> SimpleTemplates.builder().template(" ", "", "x"));
    }

    @Test
    @DisplayName("single braces and text around placeholders are kept as written")
    void literalText_kept() {
        assertEquals("{a} } { ok", body("{a} } { {{v}}", Channel.SMS, Map.of("v", Value.of("ok"))));
    }
}
