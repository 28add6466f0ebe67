package io.relevans.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The library modules' descriptors hold on the module path: they resolve with their runtime dependencies
 * (explicit modules, and automatic ones for the jars without a descriptor, such as Drools'), the modules load
 * into one layer without a package in two of them, they export what docs/modules.md says, and the engine runs
 * from that layer (the surefire tests run on the class path: docs/modules.md says why).
 */
class ModuleDescriptorsTest {

    @Test
    void libraryModules_resolveAndLoad_onTheModulePath() {
        ModuleFinder finder = LibraryModules.finder();
        Configuration cf = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), LibraryModules.EXPORTS.keySet());
        Set<String> resolved = cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
        assertTrue(resolved.containsAll(LibraryModules.EXPORTS.keySet()), "resolved: " + new TreeSet<>(resolved));
        assertTrue(resolved.contains("org.drools.core"), "Drools resolves as automatic modules: " + resolved);
        // one class loader for all: fails when two modules hold the same package (a split package)
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        assertTrue(layer.findModule("io.relevans.core").isPresent());
    }

    @Test
    void libraryModules_exportWhatTheDocsSay_andInternalsOnlyToTheProjectsModules() {
        for (var expected : LibraryModules.EXPORTS.entrySet()) {
            ModuleDescriptor d = LibraryModules.module(expected.getKey()).descriptor();
            assertFalse(d.isAutomatic(), d.name() + " has a module-info");
            assertEquals(new TreeSet<>(expected.getValue()), LibraryModules.exportedToAll(d), d.name());
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (e.isQualified()) {
                    assertTrue(e.source().contains(".internal"), d.name() + " exports only internals to some: " + e);
                    assertTrue(LibraryModules.EXPORTS.keySet().containsAll(e.targets()),
                            d.name() + " exports " + e.source() + " only to the project's modules: " + e.targets());
                }
            }
            assertTrue(d.requires().stream().noneMatch(r -> r.name().startsWith("org.drools")
                            && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)),
                    d.name() + " passes no Drools module on to its users");
        }
    }

    /**
     * Parses a segment with the language, builds an engine, loads the segment (Drools compiles its rules) and
     * ingests an event, all from the module layer: Drools' generated classes reach the engine's facts there.
     */
    @Test
    @SuppressWarnings("unchecked")
    void engine_compilesAndEvaluatesRules_fromTheModuleLayer() throws Exception {
        ModuleFinder finder = LibraryModules.finder();
        Configuration cf = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("io.relevans.core", "io.relevans.dsl"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader("io.relevans.core");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> relang = loader.loadClass("io.relevans.dsl.Relang");
            Object parsed = relang.getMethod("parse", String.class, String.class)
                    .invoke(null, "smoke.rel", "segment buyer: count purchase over 365d >= 1\n");
            Object definitions = parsed.getClass().getMethod("definitions").invoke(parsed);
            Class<?> relevans = loader.loadClass("io.relevans.Relevans");
            Object builder = relevans.getMethod("builder").invoke(null);
            Object engine = builder.getClass().getMethod("build").invoke(builder);
            Method load = relevans.getMethod("load", loader.loadClass("io.relevans.definition.Definitions"));
            load.invoke(engine, definitions);
            Object event = loader.loadClass("io.relevans.json.EventJson").getMethod("read", String.class)
                    .invoke(null, "{\"id\": \"e1\", \"type\": \"purchase\", \"customer\": {\"email\": \"a@example.com\"},"
                            + " \"time\": \"2026-03-20T11:45:00Z\", \"lines\": [{\"sku\": \"tv-1\", \"category\": \"tv\","
                            + " \"price\": 4990, \"quantity\": 1}]}");
            Object result = relevans.getMethod("ingest", loader.loadClass("io.relevans.event.Event"))
                    .invoke(engine, event);
            SortedSet<String> segments = (SortedSet<String>) result.getClass().getMethod("segments").invoke(result);
            assertEquals(Set.of("buyer"), segments, "the segment Drools evaluated in the module layer");
            assertEquals("io.relevans.core", relevans.getModule().getName());
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
