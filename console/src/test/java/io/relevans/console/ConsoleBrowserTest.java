package io.relevans.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console as people use it, in real headless Chromium (S9, S12, S14, S18, S22): a store employee finds a
 * customer by loyalty number, reads the timeline, corrects the gender and sees the party-dress offer go; a
 * marketer opens a program and compares its variants with control; a hostile profile value stays text.
 * Screenshots of the pages go to {@code target/screenshots/}.
 */
class ConsoleBrowserTest {

    private static final Path SHOTS = Path.of("target", "screenshots");
    private static ConsoleFixture shop;

    @BeforeAll
    static void start() {
        shop = ConsoleFixture.start();
    }

    @AfterAll
    static void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    private static void signIn(Browser b, String user) {
        b.go(shop.uri("/").toString());
        b.type("#login-name", user);
        b.type("#login-password", ConsoleFixture.PASSWORD);
        b.submit("#login-submit");
    }

    private static List<String> offers(Browser b) {
        return b.driver().findElements(By.cssSelector("#offers li.offer")).stream()
                .map(e -> e.getAttribute("data-program")).toList();
    }

    @Test
    void aStoreEmployee_findsByLoyaltyNumber_seesTheTimeline_correctsGender_andThePartyDressOfferGoes() {
        try (Browser b = Browser.open()) {
            signIn(b, "stina");
            b.follow("header nav a[href$='/customers']");
            new Select(b.find("#search-type")).selectByValue("loyalty_number");
            b.type("#search-value", ConsoleFixture.KARI_LOYALTY);
            b.submit("#search-submit");

            assertFalse(b.driver().getCurrentUrl().contains(ConsoleFixture.KARI_LOYALTY), "no identity in the address");
            List<String> kinds = b.driver().findElements(By.cssSelector("#timeline tbody tr")).stream()
                    .map(r -> r.getAttribute("data-kind")).toList();
            assertTrue(kinds.containsAll(List.of("purchase", "store_visit", "review", "support_contact", "message")),
                    kinds.toString());
            WebElement purchase = b.find("#timeline tr[data-kind='purchase']");
            assertTrue(purchase.getText().contains("store") && purchase.getText().contains("tent-2p"),
                    purchase.getText());
            assertTrue(b.find("#attributes tr[data-attribute='has_children']").getText().contains("stale"),
                    "S20: five years old");
            assertTrue(offers(b).contains("party_season"), offers(b).toString());
            b.find("#offers li.offer[data-program='party_season'] summary").click();
            assertTrue(b.find("#offers li.offer[data-program='party_season'] details").getText()
                    .contains("no category exclusion"));
            b.screenshot(SHOTS.resolve("customer.png"));

            b.type("#correct-attribute", "gender");
            b.type("#correct-value", "male");
            b.submit("#correct-submit");

            String flash = b.find("#flash").getText();
            assertTrue(flash.contains("gender corrected to male (source staff"), flash);
            assertTrue(flash.contains("Left segments: women"), flash);
            assertTrue(flash.contains("No longer offered: party_season"), flash);
            assertFalse(offers(b).contains("party_season"), offers(b).toString());
            WebElement gender = b.find("#attributes tr[data-attribute='gender']");
            assertTrue(gender.getText().contains("male") && gender.getText().contains("staff"), gender.getText());
            b.screenshot(SHOTS.resolve("customer-corrected.png"));
        }
    }

    @Test
    void aMarketer_opensAProgram_andSeesItsVariantsAgainstControl() {
        try (Browser b = Browser.open()) {
            signIn(b, "marta");
            b.follow("header nav a[href$='/programs']");
            b.find("section.program[data-program='welcome']");
            b.screenshot(SHOTS.resolve("programs.png"));
            b.submit("section.program[data-program='welcome'] h2 a");

            assertTrue(b.driver().getCurrentUrl().endsWith("/programs/welcome"));
            List<String> groups = b.driver().findElements(By.cssSelector("table.results tbody tr")).stream()
                    .map(r -> r.getAttribute("data-group")).toList();
            assertEquals(List.of("short", "warm", "control"), groups.stream().sorted((x, y) -> x.equals("control") ? 1
                    : y.equals("control") ? -1 : x.compareTo(y)).toList());
            assertEquals("baseline", b.find("tr[data-group='control'] td[data-field='uplift']").getText());
            String warm = b.find("tr[data-group='warm'] td[data-field='uplift']").getText();
            assertTrue(warm.matches("[+-]\\d+\\.\\d%.*|control converted nobody yet"), warm);
            assertTrue(b.find("#program-text").getText().contains("split warm 50% -> warm"));
            b.screenshot(SHOTS.resolve("program.png"));

            b.follow("header nav a[href$='/segments']");
            b.find("#sizes tr[data-segment='omnichannel']");
            b.screenshot(SHOTS.resolve("segments.png"));
            b.follow("header nav a[href$='/definitions']");
            b.submit("#check-submit");
            assertTrue(b.find("#changes").getText().contains("no change against the loaded definitions"));
            b.screenshot(SHOTS.resolve("definitions.png"));
        }
    }

    @Test
    void aHostileProfileValue_showsAsText() {
        try (Browser b = Browser.open()) {
            signIn(b, "stina");
            b.go(shop.uri("/customers").toString());
            b.type("#search-value", ConsoleFixture.HOSTILE_LOYALTY);
            b.submit("#search-submit");
            WebElement name = b.find("#attributes tr[data-attribute='first_name'] td.value");
            assertEquals(ConsoleFixture.HOSTILE, name.getText());
            assertNull(b.script("return window.hostile === undefined ? null : window.hostile"),
                    "no markup from the customer ran");
            assertTrue(b.find("#timeline tr[data-kind='note']").getText().contains("<script>"));
        }
    }
}
