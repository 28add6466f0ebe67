package io.relevans.benchmarks.durable;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes logged transactions ({@link WriteLog}) again on one connection, as a hand-written JDBC program that
 * knew in advance what to write would: each statement prepared once and reused, the same parameters, the
 * same batches, one commit per transaction, no reads. Every update count must be the one the logged
 * program saw, so a replay on a database in the same state writes the same rows (a conditional update
 * that found no row would write less).
 */
public final class Replay implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    /** A replay on a connection of its own from the data source. */
    public Replay(DataSource dataSource) throws SQLException {
        this.connection = dataSource.getConnection();
        connection.setAutoCommit(false);
    }

    /**
     * Writes the transactions in order.
     *
     * @return rows written
     * @throws IllegalStateException when the database answers with other update counts than the logged
     *                               program saw (the database was not in the same state)
     */
    public long write(List<WriteLog.Transaction> transactions) throws SQLException {
        long rows = 0;
        for (WriteLog.Transaction t : transactions) {
            for (WriteLog.Write w : t.writes()) {
                PreparedStatement ps = prepared.get(w.sql());
                if (ps == null) {
                    ps = connection.prepareStatement(w.sql());
                    prepared.put(w.sql(), ps);
                }
                for (List<WriteLog.Call> row : w.rows()) {
                    for (WriteLog.Call call : row) {
                        set(ps, call);
                    }
                    if (w.batch()) {
                        ps.addBatch();
                    }
                }
                int[] counts = w.batch() ? ps.executeBatch() : new int[] {ps.executeUpdate()};
                if (w.counts()[0] != -1 && !Arrays.equals(counts, w.counts())) {
                    connection.rollback();
                    throw new IllegalStateException("the replay of " + w.sql() + " wrote " + Arrays.toString(counts)
                            + " rows where the logged program wrote " + Arrays.toString(w.counts()));
                }
                rows += w.rows().size();
            }
            connection.commit();
        }
        return rows;
    }

    private static void set(PreparedStatement ps, WriteLog.Call call) throws SQLException {
        try {
            call.setter().invoke(ps, call.args());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new IllegalStateException("cannot set a parameter with " + call.setter().getName(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + call.setter().getName(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : prepared.values()) {
            ps.close();
        }
        connection.close();
    }
}
