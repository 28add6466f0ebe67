package io.relevans.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link MultiProcessBehaviour} on one H2 database served over TCP by the test's process. */
class MultiProcessH2Test extends MultiProcessBehaviour {

    private static H2Server db;

    @BeforeAll
    static void startServer() throws SQLException {
        db = H2Server.start("processes");
    }

    @AfterAll
    static void stopServer() {
        db.close();
    }

    @Override
    protected String processUrl() {
        return db.url();
    }

    @Override
    protected DataSource connect() {
        return db.connect();
    }

    @Override
    protected void clear() {
        db.clear();
    }
}
