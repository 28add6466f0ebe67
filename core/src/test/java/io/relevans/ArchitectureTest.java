package io.relevans;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the layering true: the model knows nothing of the engine, only the engine internals know Drools. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.relevans");
    }

    @Test
    void drools_isUsedOnlyByTheEngineInternals() {
        noClasses().that().resideOutsideOfPackage("io.relevans.internal.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.kie..", "org.drools..")
                .check(classes);
    }

    @Test
    void model_andSpi_doNotDependOnTheEngine() {
        noClasses().that().resideInAnyPackage("io.relevans.customer..", "io.relevans.event..",
                        "io.relevans.definition..", "io.relevans.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("io.relevans", "io.relevans.internal..")
                .check(classes);
    }

    @Test
    void internals_doNotDependOnTheApiFacade() {
        noClasses().that().resideInAPackage("io.relevans.internal..")
                .should().dependOnClassesThat().belongToAnyOf(Relevans.class)
                .check(classes);
    }

    @Test
    void packages_haveNoCycles() {
        slices().matching("io.relevans.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void libraryCode_doesNotWriteToStandardStreams() {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(classes);
    }
}
