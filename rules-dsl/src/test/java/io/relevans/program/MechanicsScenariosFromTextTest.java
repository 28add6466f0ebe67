package io.relevans.program;

import io.relevans.definition.Definitions;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link MechanicsScenariosTest} run again with its definitions read from text
 * (S9 results and splits, S4 quiet hours and caps, S2 waits, branches, actions and attributes):
 * every test is inherited, and each scenario's text must read as exactly its Java-built definitions.
 */
class MechanicsScenariosFromTextTest extends MechanicsScenariosTest {

    private static final Map<String, Supplier<Definitions>> TEXTS = Map.of(
            "s9-ab-test", () -> ScenarioText.load("s9-ab-test.rel"),
            "s9-split", () -> ScenarioText.load("s9-split.rel"),
            "s4-quiet-hours", () -> ScenarioText.load("s4-quiet-hours.rel"),
            "s4-overall-cap", () -> ScenarioText.load("s4-overall-cap.rel"),
            "s4-channel-and-program-caps", () -> ScenarioText.load("s4-channel-and-program-caps.rel"),
            "s2-waits", () -> ScenarioText.load("s2-waits.rel"),
            "s2-branch", () -> ScenarioText.load("s2-branch.rel"),
            "s2-call-action", () -> ScenarioText.load("s2-call-action.rel"),
            "s2-set-attribute", () -> ScenarioText.load("s2-set-attribute.rel"));

    @Override
    protected Definitions definitions(String scenario, Supplier<Definitions> javaBuilt) {
        return ScenarioText.instead(scenario, javaBuilt, TEXTS);
    }

    @Test
    @DisplayName("S9, S4, S2: every scenario text reads, with only the warnings it is known for")
    void everyText_reads() {
        ScenarioText.readAll(TEXTS);
    }
}
