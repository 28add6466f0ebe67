package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.definition.Definitions;
import io.relevans.dsl.ParseResult;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link RelevanceScenariosTest} run again with its definitions read from text (S10, S16, S18, S19, S21, S22): every
 * test is inherited, and each scenario's text must read as exactly its Java-built definitions.
 */
class RelevanceScenariosFromTextTest extends RelevanceScenariosTest {

    private static final Map<String, Supplier<Definitions>> TEXTS = Map.of(
            "s10-no-better-offer", () -> ScenarioText.load("s10-no-better-offer.rel"),
            "s16-sms-when-relevant", () -> ScenarioText.load("s16-sms-when-relevant.rel"),
            "s16-sms-no-fallback", () -> ScenarioText.load("s16-sms-no-fallback.rel"),
            "s16-balcony", () -> ScenarioText.load("exclusions.rel", "s16-balcony.rel"),
            "s18-party-dresses", () -> ScenarioText.load("exclusions.rel", "s18-party-dresses.rel"),
            "s19-price-tiers", RelevanceScenariosFromTextTest::priceTiersFromText,
            "s21-not-interested", RelevanceScenariosFromTextTest::notInterestedFromText,
            "s22-next-best-offer", () -> ScenarioText.load("exclusions.rel", "s22-next-best-offer.rel"));

    @Override
    protected Definitions definitions(String scenario, Supplier<Definitions> javaBuilt) {
        return ScenarioText.instead(scenario, javaBuilt, TEXTS);
    }

    @Test
    @DisplayName("S10, S16, S18, S19, S21, S22: every scenario text reads, with only the warnings it is known for")
    void everyText_reads() {
        ScenarioText.readAll(TEXTS);
    }

    /** S19 reads with one warning only: the two washer programs share trigger and category on purpose. */
    private static Definitions priceTiersFromText() {
        ParseResult r = ScenarioText.parse("s19-price-tiers.rel");
        assertEquals("s19-price-tiers.rel:15:9: warning: programs 'washer_budget' and 'washer_premium' both start "
                + "on product_view | category == \"washing_machines\" and promote washing_machines", r.report());
        return r.orThrow();
    }

    /** S21 reads with one warning only: dresses by email and by SMS on the same trigger, on purpose. */
    private static Definitions notInterestedFromText() {
        ParseResult r = ScenarioText.parse("s21-not-interested.rel");
        assertEquals("s21-not-interested.rel:10:9: warning: programs 'dress_offer' and 'dress_sms' both start on "
                + "spring_campaign and promote party_dresses", r.report());
        return r.orThrow();
    }
}
