package io.relevans.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link MultiInstanceBehaviour} on one H2 database served over TCP, as several processes would share it. */
class MultiInstanceH2Test extends MultiInstanceBehaviour {

    private static H2Server db;

    @BeforeAll
    static void startServer() throws SQLException {
        db = H2Server.start("multi");
    }

    @AfterAll
    static void stopServer() {
        db.close();
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
