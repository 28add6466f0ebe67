package io.relevans.benchmarks.durable;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * What a program wrote through a data source, transaction by transaction: every statement it prepared and
 * executed as an update or a batch, with the parameters set for each row, in order, and what the database
 * answered (update counts). Reads are not kept, nor transactions rolled back. {@link Replay} writes the
 * same rows and bytes with the same batching on another database, with nothing else around them: the
 * raw-JDBC baseline of {@link DurableIngestBenchmark}.
 *
 * <p>Nothing is kept until {@link #arm()}: the schema's migration and the checks of an opening storage
 * are not part of the work measured.
 */
public final class WriteLog {

    /** A parameter set on a prepared statement: the setter and its arguments (the index first). */
    public record Call(Method setter, Object[] args) {
    }

    /**
     * A statement executed once: one row for an update, the rows added for a batch, and the database's
     * update counts.
     */
    public record Write(String sql, boolean batch, List<List<Call>> rows, int[] counts) {
    }

    /** The writes of one committed transaction, in order. */
    public record Transaction(List<Write> writes) {
    }

    private final DataSource target;
    private final DataSource recording;
    private final List<Transaction> committed = new ArrayList<>();
    private volatile boolean armed;
    private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

    /** A log of the writes made through {@link #dataSource()}, which hands out connections of {@code target}. */
    public WriteLog(DataSource target) {
        this.target = target;
        this.recording = (DataSource) Proxy.newProxyInstance(WriteLog.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = forward(method, target, args);
                    return method.getName().equals("getConnection") ? connection((Connection) result) : result;
                });
    }

    /** The data source to write through. */
    public DataSource dataSource() {
        return recording;
    }

    /** From now on, writes are kept. */
    public void arm() {
        armed = true;
    }

    /** Queries executed since {@link #arm()}: the reads the logged program needed besides its writes. */
    public long reads() {
        return reads.get();
    }

    /** The transactions committed since the last call, oldest first. */
    public synchronized List<Transaction> take() {
        List<Transaction> out = List.copyOf(committed);
        committed.clear();
        return out;
    }

    private synchronized void add(List<Write> writes) {
        if (!writes.isEmpty()) {
            committed.add(new Transaction(List.copyOf(writes)));
        }
    }

    private Connection connection(Connection real) throws Exception {
        return (Connection) Proxy.newProxyInstance(WriteLog.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionLog(real, real.getAutoCommit()));
    }

    private static Object forward(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Keeps a connection's writes until its transaction ends. */
    private final class ConnectionLog implements InvocationHandler {
        private final Connection real;
        private boolean autoCommit;
        private final List<Write> pending = new ArrayList<>();

        ConnectionLog(Connection real, boolean autoCommit) {
            this.real = real;
            this.autoCommit = autoCommit;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = forward(method, real, args);
            switch (method.getName()) {
                case "prepareStatement" -> {
                    return Proxy.newProxyInstance(WriteLog.class.getClassLoader(),
                            new Class<?>[] {PreparedStatement.class},
                            new StatementLog(this, (String) args[0], (PreparedStatement) result));
                }
                case "commit" -> end(true);
                case "rollback", "close" -> end(false);
                case "setAutoCommit" -> {
                    boolean on = (Boolean) args[0];
                    if (on && !autoCommit) {
                        end(true); // switching auto-commit on commits the transaction (JDBC)
                    }
                    autoCommit = on;
                }
                default -> {
                }
            }
            return result;
        }

        void wrote(Write write) {
            if (!armed) {
                return;
            }
            if (autoCommit) {
                add(List.of(write));
            } else {
                pending.add(write);
            }
        }

        private void end(boolean commit) {
            if (commit) {
                add(pending);
            }
            pending.clear();
        }
    }

    /** Keeps a prepared statement's parameters and executions. */
    private final class StatementLog implements InvocationHandler {
        private final ConnectionLog connection;
        private final String sql;
        private final PreparedStatement real;
        private List<Call> row = new ArrayList<>();
        private List<List<Call>> rows = new ArrayList<>();

        StatementLog(ConnectionLog connection, String sql, PreparedStatement real) {
            this.connection = connection;
            this.sql = sql;
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = forward(method, real, args);
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                row.add(new Call(method, args.clone()));
            } else if (name.equals("clearParameters")) {
                row = new ArrayList<>();
            } else if (name.equals("addBatch") && args == null) {
                rows.add(row);
                row = new ArrayList<>();
            } else if (name.equals("clearBatch")) {
                rows = new ArrayList<>();
            } else if ((name.equals("executeBatch") || name.equals("executeLargeBatch")) && args == null) {
                connection.wrote(new Write(sql, true, rows, counts(result)));
                rows = new ArrayList<>();
            } else if ((name.equals("executeUpdate") || name.equals("executeLargeUpdate") || name.equals("execute"))
                    && args == null) {
                connection.wrote(new Write(sql, false, List.of(row), counts(result)));
                row = new ArrayList<>();
            } else if (name.equals("executeQuery")) {
                row = new ArrayList<>(); // a read: not part of what is written
                if (armed) {
                    reads.incrementAndGet();
                }
            } else if (name.startsWith("execute") || name.equals("addBatch")) {
                throw new UnsupportedOperationException("the write log keeps prepared statements only, not " + name
                        + " with SQL text");
            }
            return result;
        }

        private static int[] counts(Object result) {
            if (result instanceof int[] ints) {
                return ints.clone();
            }
            if (result instanceof long[] longs) {
                return Arrays.stream(longs).mapToInt(Math::toIntExact).toArray();
            }
            if (result instanceof Number n) {
                return new int[] {n.intValue()};
            }
            return new int[] {-1}; // execute(): whether a result set came back, not a count
        }
    }
}
