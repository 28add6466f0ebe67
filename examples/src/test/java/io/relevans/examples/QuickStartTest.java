package io.relevans.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickStartTest {

    @Test
    void quickStart_runsAndShowsTheScenarios() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(out.contains("Feeding 14 events"), out);
        // S19: the premium TV buyer is a budget buyer of washing machines
        assertTrue(out.contains("segments [big_spenders, budget_washing_machines, email_reachable, omnichannel, premium_tv]"), out);
        // S13: the till purchase under a POS number linked to the loyalty number lands on Anna's profile
        assertTrue(out.contains("3 linked identities"), out);
        assertTrue(out.contains("batch re-segmentation of 3 customers: 3 changed; entered {win_back=2}"), out);
        assertTrue(out.contains("is in segment win_back"), out);
        // S3: the left cart is reminded about; S21: the declared disinterest suppresses the offer
        assertTrue(out.contains("abandoned_cart  SENT"), out);
        assertTrue(out.contains("party_season    SUPPRESSED declared not interested in party_dresses"), out);
        assertTrue(out.contains("Emails delivered: 1 ([Still thinking about it?])"), out);
        assertTrue(out.contains("[held] days_since(purchase) > 180  (seen 215.7083)"), out);
    }
}
