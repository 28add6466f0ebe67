package io.relevans.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Data sources that fail on purpose: one whose connections refuse to prepare statements starting with
 * a given text (a failure half-way through a transaction), one that cannot connect at all.
 */
final class FailingDataSource {

    private FailingDataSource() {
    }

    /** The data source, except that preparing a statement that starts with the text fails. */
    static DataSource failingOn(DataSource dataSource, String sqlStart) {
        return proxy(DataSource.class, (method, args) -> {
            Object result = call(method, dataSource, args);
            if (!(result instanceof Connection c)) {
                return result;
            }
            return proxy(Connection.class, (m, a) -> {
                if (m.getName().equals("prepareStatement") && ((String) a[0]).startsWith(sqlStart)) {
                    throw new SQLException("injected failure", "40001");
                }
                return call(m, c, a);
            });
        });
    }

    /** A data source whose every connection attempt fails with the message. */
    static DataSource unreachable(String message) {
        return proxy(DataSource.class, (method, args) -> {
            if (method.getName().equals("getConnection")) {
                throw new SQLException(message, "08001");
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private interface Handler {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> handler.handle(method, args)));
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
