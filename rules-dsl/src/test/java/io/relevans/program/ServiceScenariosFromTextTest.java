package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.definition.Definitions;
import io.relevans.dsl.ParseResult;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link ServiceScenariosTest} run again with its definitions read from text (S11, S12, S23, S24): every
 * test is inherited, and each scenario's text must read as exactly its Java-built definitions.
 */
class ServiceScenariosFromTextTest extends ServiceScenariosTest {

    private static final Map<String, Supplier<Definitions>> TEXTS = Map.of(
            "s11-reviews", () -> ScenarioText.load("s11-reviews.rel"),
            "s12-survey", () -> ScenarioText.load("s12-survey.rel"),
            "s23-service-and-sales", () -> ScenarioText.load("s23-service-and-sales.rel"),
            "s24-complaint-stops-cart", () -> ScenarioText.load("s24-complaint-stops-cart.rel"),
            "s24-sms-consent", ServiceScenariosFromTextTest::smsConsentFromText);

    @Override
    protected Definitions definitions(String scenario, Supplier<Definitions> javaBuilt) {
        return ScenarioText.instead(scenario, javaBuilt, TEXTS);
    }

    @Test
    @DisplayName("S11, S12, S23, S24: every scenario text reads, with only the warnings it is known for")
    void everyText_reads() {
        ScenarioText.readAll(TEXTS);
    }

    /** S24 reads with one warning only: sms_offer and sms_flash share trigger and category on purpose. */
    private static Definitions smsConsentFromText() {
        ParseResult r = ScenarioText.parse("s24-sms-consent.rel");
        assertEquals("s24-sms-consent.rel:10:9: warning: programs 'sms_offer' and 'sms_flash' both start on "
                + "product_view and promote tv", r.report());
        return r.orThrow();
    }
}
