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

    static KieBase build(String packageName, String drl) {
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
