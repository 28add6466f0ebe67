package io.relevans.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the console's layering true: no package cycles, the engine only through core's public API (never its
 * internals or Drools), Jetty only in {@link ConsoleServer}, and no {@code System.out}.
 */
class ConsoleArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.relevans.console");
    }

    @Test
    void packages_haveNoCycles() {
        slices().matching("io.relevans.console.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theEngine_isUsedThroughItsPublicApiOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.relevans.internal..",
                "io.relevans.dsl.internal..", "org.kie..", "org.drools..").check(classes);
    }

    @Test
    void jetty_isUsedByTheStandaloneServerOnly() {
        noClasses().that().doNotHaveFullyQualifiedName(ConsoleServer.class.getName())
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..").check(classes);
    }

    @Test
    void libraryCode_doesNotWriteToStandardStreams() {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(classes);
    }
}
