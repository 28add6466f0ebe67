package io.relevans.jdbc;

import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

/**
 * An in-memory H2 database served over TCP on a free loopback port, with the Relevans schema, for tests
 * of engines that share one database, each with connections of its own (as in separate processes).
 */
final class H2Server implements AutoCloseable {

    private final Server server;
    private final String url;
    private final TestDatabase db;

    private H2Server(String name) throws SQLException {
        this.server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        this.url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:" + name + "-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1";
        this.db = TestDatabase.h2(url);
        JdbcStorage.migrate(db.dataSource());
    }

    /** Starts a server with a new database named after the test. */
    static H2Server start(String name) throws SQLException {
        return new H2Server(name);
    }

    /** The JDBC URL of the database. */
    String url() {
        return url;
    }

    /** A new data source on the database, with connections of its own. */
    DataSource connect() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return new ReusingDataSource(ds);
    }

    /** Empties the Relevans tables. */
    void clear() {
        db.clear();
    }

    @Override
    public void close() {
        TestDatabase.disconnect(db.dataSource());
        server.stop();
    }
}
