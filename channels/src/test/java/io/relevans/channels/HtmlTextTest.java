package io.relevans.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The plain-text alternative of an email's HTML body. */
class HtmlTextTest {

    @Test
    @DisplayName("paragraphs, breaks and list items become lines; markup is dropped")
    void structure() {
        assertEquals("Hi Kari,\nyour cart:\n\n- tv-55 8999\n- hdmi 199\n\nSee you!",
                HtmlText.of("<html><head><title>x</title><style>p {color: red}</style></head><body>"
                        + "<p>Hi <b>Kari</b>,<br>your   cart:</p>\n<ul>\n  <li>tv-55 8999</li>\n  <li>hdmi 199</li>\n</ul>"
                        + "<div>See you!</div><!-- tracking --></body></html>"));
    }

    @Test
    @DisplayName("links keep their address; a link whose text is its address appears once")
    void links() {
        assertEquals("Open your cart (https://shop.test/c?a=1&b=2) or https://shop.test",
                HtmlText.of("<a class=\"btn\" href=\"https://shop.test/c?a=1&amp;b=2\">Open <i>your</i> cart</a>"
                        + " or <a href='https://shop.test'>https://shop.test</a>"));
    }

    @Test
    @DisplayName("character references are decoded once: escaped data stays literal text")
    void references() {
        assertEquals("Åse & <Bob> \"q\" 's' € &amp; &unknown;",
                HtmlText.of("&#197;se &amp; &lt;Bob&gt; &quot;q&quot; &#39;s&#39; &#x20AC; &amp;amp; &unknown;"));
    }

    @Test
    @DisplayName("named references of the HTML standard are decoded: Nordic letters, dashes, the euro sign")
    void namedReferences_nordicAndTypographic() {
        assertEquals("Åse Øren – 499 € æøå ÆØÅ ä ö … “hei”",
                HtmlText.of("&Aring;se &Oslash;ren &ndash; 499 &euro; &aelig;&oslash;&aring; &AElig;&Oslash;&Aring;"
                        + " &auml; &ouml; &hellip; &ldquo;hei&rdquo;"));
    }

    @Test
    @DisplayName("an unquoted href keeps its address")
    void links_unquotedHref() {
        assertEquals("Til handlekurven (https://shop.test/cart?id=7) and https://shop.test/x",
                HtmlText.of("<a href=https://shop.test/cart?id=7 class=btn>Til handlekurven</a> and "
                        + "<a href=https://shop.test/x>https://shop.test/x</a>"));
    }

    @Test
    @DisplayName("a paragraph and a link inside a table cell, a no-break space, a script and a comment")
    void cells_scripts_nbsp() {
        assertEquals("Pris: 499 kr Kjøp (https://shop.test/k)\n\nHei",
                HtmlText.of("<table><tr><td>Pris:&nbsp;499&nbsp;kr</td><td><a href=\"https://shop.test/k\">Kjøp</a>"
                        + "</td></tr></table><script>var a = '<p>no</p>';</script><!-- <p>no</p> --><p>Hei</p>"));
    }

    @Test
    @DisplayName("40,000 unclosed <a tags, and 40,000 unclosed links, give their text in linear time")
    void unclosedTags_linear() {
        String bare = "<a".repeat(40_000) + " end";
        String links = "<a href=x>y".repeat(40_000);
        String[] texts = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> new String[] {HtmlText.of(bare), HtmlText.of(links)});
        assertEquals("", texts[0], "an unclosed tag is markup up to the end, as browsers read it");
        assertTrue(texts[1].startsWith("y (x)y (x)"), texts[1].substring(0, 40));
        assertEquals(40_000, texts[1].split("\\(x\\)", -1).length - 1, "every link keeps its address once");
    }
}
