package io.relevans.jdbc;

import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link MultiProcessBehaviour} on one H2 database served over TCP by the test's process. */
class MultiProcessH2Test extends MultiProcessBehaviour {

    private static Server server;
    private static String url;
    private static TestDatabase db;

    @BeforeAll
    static void startServer() throws SQLException {
        server = H2Server.start();
        url = H2Server.url(server, "processes-" + UUID.randomUUID());
        db = TestDatabase.h2(url);
        JdbcStorage.migrate(db.dataSource());
    }

    @AfterAll
    static void stopServer() {
        TestDatabase.disconnect(db.dataSource());
        server.stop();
    }

    @Override
    protected String processUrl() {
        return url;
    }

    @Override
    protected DataSource connect() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return new ReusingDataSource(ds);
    }

    @Override
    protected void clear() {
        db.clear();
    }
}
