package io.relevans.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that keeps closed connections open for the next caller, as an application's pool
 * would, so the tests do not open (and authenticate) a connection per store call. It resets nothing:
 * a store that left a connection in a changed state would show it in the next test. {@link #close()}
 * closes the kept connections, as an application does when it stops.
 */
final class ReusingDataSource implements DataSource, AutoCloseable {

    private final DataSource physical;
    private final Deque<Connection> idle = new ArrayDeque<>();

    ReusingDataSource(DataSource physical) {
        this.physical = physical;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c;
        synchronized (idle) {
            c = idle.poll();
        }
        if (c == null || c.isClosed()) {
            c = physical.getConnection();
        }
        Connection target = c;
        boolean[] closed = new boolean[1];
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            if (!closed[0]) {
                                closed[0] = true;
                                synchronized (idle) {
                                    idle.push(target);
                                }
                            }
                            return null;
                        }
                        case "isClosed" -> {
                            return closed[0] || target.isClosed();
                        }
                        default -> {
                            if (closed[0]) {
                                throw new SQLException("connection handed back already");
                            }
                            try {
                                return method.invoke(target, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    /** Closes the connections handed back so far. */
    @Override
    public void close() throws SQLException {
        synchronized (idle) {
            for (Connection c : idle) {
                c.close();
            }
            idle.clear();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the test pool has one set of credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return physical.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        physical.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        physical.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return physical.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return physical.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return physical.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return physical.isWrapperFor(type);
    }
}
