package io.relevans.internal.engine;

import java.util.concurrent.atomic.AtomicLong;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Builds a KieBase from generated DRL with the classic DRL compiler (see docs/engine.md for why). Each build gets its own ReleaseId:
 * concurrent builds under the default id return the wrong KieBase (apache/incubator-kie#6617), and
 * the module is removed from the global KieRepository as soon as the KieBase exists, so reloads do not
 * pile up modules.
 */
final class KieBases {
    private static final AtomicLong BUILDS = new AtomicLong();

    private KieBases() {
    }

    /**
     * Runs Drools code with this library's class loader as the thread's context class loader. Drools
     * finds its runtime services through it (lazily, on first use), and the calling thread may have
     * another one: a pool thread (re-segmentation runs on the common fork-join pool) has the system class
     * loader, which under {@code mvn exec:java} or in an application server cannot see Drools.
     */
    static <T> T withLibraryLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        ClassLoader library = KieBases.class.getClassLoader();
        if (context == library) {
            return work.get();
        }
        thread.setContextClassLoader(library);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    static KieBase build(String packageName, String drl) {
        return withLibraryLoader(() -> buildHere(packageName, drl));
    }

    private static KieBase buildHere(String packageName, String drl) {
        KieServices ks = KieServices.get();
        ReleaseId id = ks.newReleaseId("io.relevans.generated", "definitions-" + BUILDS.incrementAndGet(), "1.0.0");
        KieFileSystem files = ks.newKieFileSystem();
        files.generateAndWritePomXML(id);
        files.write("src/main/resources/" + packageName.replace('.', '/') + "/definitions.drl", drl);
        KieBuilder builder = ks.newKieBuilder(files).buildAll();
        if (builder.getResults().hasMessages(Message.Level.ERROR)) {
            // generated rules hold no user text, so this is a defect of the engine, not of the definitions
            throw new IllegalStateException("generated rules do not compile: " + builder.getResults().getMessages());
        }
        KieContainer container = ks.newKieContainer(id);
        try {
            return container.getKieBase();
        } finally {
            ks.getRepository().removeKieModule(id);
        }
    }
}
