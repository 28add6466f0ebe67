package io.relevans.program;

import io.relevans.definition.Definitions;
import java.util.function.Supplier;

/**
 * A class of scenario tests whose tests take the definitions they run on through {@link #definitions}. Here
 * that is the definitions built in Java; a subclass may give the same definitions written another way (the
 * rules-dsl module reads them from text) and so runs every scenario, with every assertion, on those.
 */
abstract class ScenarioTest {

    /**
     * The definitions a scenario runs on.
     *
     * @param scenario  names the scenario, its number first ({@code s3-abandoned-cart}); a {@code +} joins the
     *                  names of scenarios whose definitions run together
     * @param javaBuilt the scenario's definitions built in Java
     */
    protected Definitions definitions(String scenario, Supplier<Definitions> javaBuilt) {
        return javaBuilt.get();
    }
}
