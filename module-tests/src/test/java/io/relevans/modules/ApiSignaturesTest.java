package io.relevans.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import io.relevans.modules.fixture.LeakyApi;
import java.lang.module.ModuleReference;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No public signature of a package a library module exports names an internal or a Drools type
 * ({@link ApiSignatures}); and the check does report one, on a fixture that leaks both.
 */
class ApiSignaturesTest {

    @Test
    void exportedPackages_nameNoInternalOrDroolsType() {
        for (String name : LibraryModules.EXPORTS.keySet()) {
            ModuleReference module = LibraryModules.module(name);
            JavaClasses classes = new ClassFileImporter()
                    .importLocations(Set.of(Location.of(module.location().orElseThrow())));
            Set<String> exported = LibraryModules.exportedToAll(module.descriptor());
            assertTrue(classes.stream().anyMatch(c -> exported.contains(c.getPackageName())), name + " was read");
            assertEquals(List.of(), ApiSignatures.violations(classes, exported), name + " names in its API");
        }
    }

    @Test
    void check_reportsInternalAndDroolsTypes_inAFixture() {
        JavaClasses classes = new ClassFileImporter().importPackagesOf(LeakyApi.class);
        List<String> found = ApiSignatures.violations(classes, Set.of(LeakyApi.class.getPackageName()));
        assertEquals(List.of(
                "io.relevans.modules.fixture.LeakyApi.kieBase(...) returns org.kie.api.KieBase",
                "io.relevans.modules.fixture.LeakyApi.stored(...) takes io.relevans.internal.json.StoredJson",
                "io.relevans.modules.fixture.LeakyApi.timers(...) returns io.relevans.internal.json.StoredJson"), found);
    }
}
