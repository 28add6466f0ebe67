package io.relevans.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the JDBC stores use a {@link DataSource}: one connection per operation, writes in one
 * transaction each (run once more after losing a race to insert the same key), reads ended cleanly
 * whatever the pool's auto-commit setting, and every {@link SQLException} turned into a
 * {@link StorageException} that names the operation.
 */
final class Jdbc {

    private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

    /** SQL state of a unique or primary key violation, in PostgreSQL and H2 alike. */
    static final String UNIQUE_VIOLATION = "23505";

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Work on a connection that answers nothing. */
    @FunctionalInterface
    interface Action {
        void run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "data source");
    }

    /**
     * Runs reads on a connection; a transaction the pool left open for them is committed at the end.
     *
     * @param what the operation, for the error message, such as "load customer c-1"
     */
    <T> T read(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            T result = work.run(c);
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return result;
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs writes as one transaction: all of them are committed, or none when anything fails. When the
     * work fails on a unique key another transaction inserted meanwhile (two writers creating the same
     * customer, identity or timer), it runs again and then finds that row: the last write wins. Each such
     * loss means another writer finished, so it runs at most {@value #RACES} times.
     *
     * @param what the operation, for the error message, such as "save customer c-1"
     */
    /** How many times a write runs when concurrent writers keep inserting its keys first. */
    static final int RACES = 16;

    <T> T write(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            try {
                for (int attempt = 1; ; attempt++) {
                    try {
                        T result = work.run(c);
                        c.commit();
                        return result;
                    } catch (SQLException e) {
                        rollback(c, e);
                        if (attempt >= RACES || !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                            throw e;
                        }
                        LOG.debug("{}: a concurrent write inserted the same key; trying again", what);
                    } catch (RuntimeException | Error e) {
                        rollback(c, e);
                        throw e;
                    }
                }
            } finally {
                if (autoCommit) {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs writes as one transaction whose work says whether to keep them. When it answers false, or
     * fails because a concurrent transaction got there first ({@link #lostRace(SQLException)}), the
     * writes are rolled back and the answer is false.
     *
     * @param what the operation, for the error message, such as "commit customer c-1"
     */
    boolean attempt(String what, Work<Boolean> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            try {
                boolean keep;
                try {
                    keep = work.run(c);
                } catch (SQLException e) {
                    rollback(c, e);
                    if (!lostRace(e)) {
                        throw e;
                    }
                    LOG.debug("{}: lost to a concurrent transaction (SQL state {})", what, e.getSQLState());
                    return false;
                } catch (RuntimeException | Error e) {
                    rollback(c, e);
                    throw e;
                }
                if (keep) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return keep;
            } finally {
                if (autoCommit) {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs reads that answer nothing, as {@link #read(String, Work)} runs those that answer something. */
    void doRead(String what, Action work) {
        read(what, c -> {
            work.run(c);
            return Boolean.TRUE;
        });
    }

    /** Runs writes that answer nothing, as {@link #write(String, Work)} runs those that answer something. */
    void doWrite(String what, Action work) {
        write(what, c -> {
            work.run(c);
            return Boolean.TRUE;
        });
    }

    /** Sets a statement's parameters from one item. */
    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    /**
     * Claims the candidates with one conditional update each ({@code sql}, which changes a row only while
     * no live claim holds it), all in one batch and one transaction: those whose update changed a row are
     * the caller's. When the batch loses a race to another claimer, each is tried in a transaction of its
     * own instead.
     *
     * @return the candidates claimed, in order
     */
    <T> List<T> claim(String what, String sql, List<T> candidates, Binder<T> bind) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        int[][] counts = new int[1][];
        boolean batched = attempt(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (T t : candidates) {
                    bind.bind(ps, t);
                    ps.addBatch();
                }
                counts[0] = ps.executeBatch();
                return true;
            }
        });
        List<T> claimed = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            T t = candidates.get(i);
            boolean mine;
            if (batched && counts[0][i] != Statement.SUCCESS_NO_INFO) {
                mine = counts[0][i] > 0;
            } else {
                mine = attempt(what, c -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        bind.bind(ps, t);
                        return ps.executeUpdate() > 0;
                    }
                });
            }
            if (mine) {
                claimed.add(t);
            }
        }
        return claimed;
    }

    /** Refuses a negative limit of rows to read. */
    static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
    }

    /**
     * Whether a failure means a concurrent transaction wrote the same rows first: a unique key it inserted,
     * a serialization failure or deadlock (PostgreSQL), a concurrent update or lock timeout (H2).
     */
    static boolean lostRace(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) { // a batch's failure carries its entry's as the next
            if (t instanceof SQLException s) {
                for (SQLException x = s; x != null; x = x.getNextException()) {
                    String state = x.getSQLState();
                    if (UNIQUE_VIOLATION.equals(state) || "40001".equals(state) || "40P01".equals(state)
                            || "90131".equals(state) || "HYT00".equals(state)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The exception for a failed operation. The driver's message stays in the cause: it may quote
     * stored values (a duplicate key's email), so it is not copied into this message.
     */
    static StorageException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "unknown" : e.getSQLState();
        return new StorageException("could not " + what + " (SQL state " + state + hint(state) + ")", e);
    }

    private static String hint(String state) {
        if (state.startsWith("08")) {
            return ": no connection to the database";
        }
        if (state.startsWith("42")) {
            return ": a table or column is missing; has JdbcStorage.migrate run on this database?";
        }
        if (state.startsWith("23")) {
            return ": a constraint of the Relevans schema was violated";
        }
        if (state.startsWith("22")) {
            return ": a value does not fit its column";
        }
        return "";
    }

    /** Sets two parameters from {@code index} on: the instant's epoch second and its nanosecond. */
    static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setLong(index, t.getEpochSecond());
        ps.setInt(index + 1, t.getNano());
    }

    /** Reads an instant kept as an epoch-second column and a nanosecond column. */
    static Instant instant(ResultSet rs, String secondColumn, String nanoColumn) throws SQLException {
        return Instant.ofEpochSecond(rs.getLong(secondColumn), rs.getInt(nanoColumn));
    }
}
