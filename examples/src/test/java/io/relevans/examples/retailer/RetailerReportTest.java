package io.relevans.examples.retailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's grouping of suppression reasons and its charts. */
class RetailerReportTest {

    @Test
    void channelReasonsAreGroupedWithoutTheChannelNames() {
        assertEquals("no usable channel: no consent for marketing, no phone identity",
                RetailerReport.reasonGroup("no usable channel (sms: no phone identity; email: no consent for marketing)"));
        assertEquals("bought recently: no better offer",
                RetailerReport.reasonGroup("bought tv 3 day(s) ago: no better offer within 30d"));
        assertEquals("category party_dresses excluded",
                RetailerReport.reasonGroup("category party_dresses excluded: attribute gender == \"male\""));
        assertEquals("control group", RetailerReport.reasonGroup("control group"));
    }

    @Test
    void chartLabelsAreEscaped() {
        Map<String, Double> bars = new LinkedHashMap<>();
        bars.put("<script>alert(1)</script>", 3.0);
        String svg = SvgChart.bars(bars, "%.0f");
        assertFalse(svg.contains("<script>"));
        assertTrue(svg.contains("&lt;script&gt;"));
        Map<String, long[]> series = new LinkedHashMap<>();
        series.put("a\"b", new long[] {1, 2});
        assertFalse(SvgChart.lines(List.of("w1", "w2"), series).contains("a\"b"));
    }

    @Test
    void axesEndOnRoundNumbers() {
        assertEquals(1_000, SvgChart.niceMax(780));
        assertEquals(250, SvgChart.niceMax(201));
        assertEquals(5, SvgChart.niceMax(4.2));
    }
}
