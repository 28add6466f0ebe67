package io.relevans;

import static io.relevans.definition.Conditions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void purchase_entersSegment() {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        Segment buyers = Segment.named("buyers").when(Features.count(EventType.PURCHASE).within(Window.days(30)).atLeast(1));
        Segment notBuyers = Segment.named("browsers").when(not(inSegment("buyers")));
        Relevans engine = Relevans.builder().clock(Clock.fixed(t, ZoneOffset.UTC))
                .definitions(Definitions.builder().segment(buyers).segment(notBuyers).build()).build();
        IngestResult r0 = engine.ingest(Event.builder(EventType.PRODUCT_VIEW, Identity.email("a@x.no"), t)
                .property("sku", "tv-1").property("category", "tv").build());
        assertEquals(java.util.Set.of("browsers"), r0.entered());
        assertEquals(java.util.Set.of("browsers"), r0.segments());
        IngestResult r = engine.ingest(Event.builder(EventType.PURCHASE, Identity.email("a@x.no"), t)
                .line("tv-1", "tv", 5000, 1).build());
        assertEquals(java.util.Set.of("buyers"), r.entered());
        assertEquals(java.util.Set.of("browsers"), r.exited());
        assertEquals(java.util.Set.of("buyers"), r.segments());
        assertTrue(engine.explain(r.customer(), "buyers").member());
    }
}
