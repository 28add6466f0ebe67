package io.relevans.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
