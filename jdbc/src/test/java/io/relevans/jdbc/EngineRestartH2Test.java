package io.relevans.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine restart on an H2 database in a file: it closes when a stopping engine's connections close,
 * and the next engine reads it back from disk.
 */
class EngineRestartH2Test extends EngineRestartBehaviour {

    @TempDir
    Path dir;

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2("jdbc:h2:file:" + dir.resolve("relevans").toAbsolutePath());
    }
}
