package io.relevans.program;

import io.relevans.definition.Definitions;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link CoreProgramScenariosTest} run again with its definitions read from text
 * (S3, S5, S8 welcome, S24 unsubscribe): every
 * test is inherited, and each scenario's text must read as exactly its Java-built definitions.
 */
class CoreProgramScenariosFromTextTest extends CoreProgramScenariosTest {

    private static final Map<String, Supplier<Definitions>> TEXTS = Map.of(
            "s3-abandoned-cart", () -> ScenarioText.load("s3-abandoned-cart.rel"),
            "s5-control-group", () -> ScenarioText.load("s5-control-group.rel"),
            "s8-welcome", () -> ScenarioText.load("s8-welcome.rel"));

    @Override
    protected Definitions definitions(String scenario, Supplier<Definitions> javaBuilt) {
        return ScenarioText.instead(scenario, javaBuilt, TEXTS);
    }

    @Test
    @DisplayName("S3, S5, S8: every scenario text reads, with only the warnings it is known for")
    void everyText_reads() {
        ScenarioText.readAll(TEXTS);
    }
}
