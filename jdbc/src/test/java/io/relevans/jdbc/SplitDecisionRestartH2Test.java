package io.relevans.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Split decisions across a restart on an H2 database in a file, read back from disk by the next engine. */
class SplitDecisionRestartH2Test extends SplitDecisionRestartBehaviour {

    @TempDir
    Path dir;

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2("jdbc:h2:file:" + dir.resolve("relevans").toAbsolutePath());
    }
}
