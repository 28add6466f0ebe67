package io.relevans.program;

import io.relevans.definition.Definitions;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link LifecycleScenariosTest} run again with its definitions read from text
 * (S7, S8 birthday and win-back, S20, S2): every
 * test is inherited, and each scenario's text must read as exactly its Java-built definitions.
 */
class LifecycleScenariosFromTextTest extends LifecycleScenariosTest {

    private static final Map<String, Supplier<Definitions>> TEXTS = Map.of(
            "s7-cross-sell", () -> ScenarioText.load("s7-cross-sell.rel"),
            "s8-birthday", () -> ScenarioText.load("s8-birthday.rel"),
            "s8-win-back", () -> ScenarioText.load("s8-win-back.rel"),
            "s20-reconfirm", () -> ScenarioText.load("s20-reconfirm.rel"),
            "s20-reconfirm+s8-birthday", () -> ScenarioText.load("s20-reconfirm.rel", "s8-birthday.rel"),
            "s2-newsletter", () -> ScenarioText.load("s2-newsletter.rel"));

    @Override
    protected Definitions definitions(String scenario, Supplier<Definitions> javaBuilt) {
        return ScenarioText.instead(scenario, javaBuilt, TEXTS);
    }

    @Test
    @DisplayName("S7, S8, S20, S2: every scenario text reads, with only the warnings it is known for")
    void everyText_reads() {
        ScenarioText.readAll(TEXTS);
    }
}
