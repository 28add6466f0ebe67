package io.relevans.jdbc;

import java.sql.SQLException;
import org.h2.tools.Server;

/** An H2 TCP server on a free loopback port, for tests of engines in several processes on one database. */
final class H2Server {

    private H2Server() {
    }

    /** Starts a server that creates in-memory databases on first connection. */
    static Server start() throws SQLException {
        return Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    /** The URL of an in-memory database of the server, kept while the server runs. */
    static String url(Server server, String name) {
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:" + name + ";DB_CLOSE_DELAY=-1";
    }
}
