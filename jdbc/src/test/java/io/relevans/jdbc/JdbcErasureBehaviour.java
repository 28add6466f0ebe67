package io.relevans.jdbc;

import io.relevans.spi.ErasureContract;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * GDPR erasure through the engine on the JDBC stores: besides what the SPI shows, every column of every
 * row of the Relevans tables is searched for what must be gone. Each database runs it in a subclass.
 */
abstract class JdbcErasureBehaviour extends ErasureContract {

    private static final List<String> TABLES = List.of("relevans_customer", "relevans_identity", "relevans_timer",
            "relevans_message");

    private DataSource dataSource;

    /** The database the subclass runs on. */
    abstract TestDatabase.Vendor vendor();

    @Override
    protected Stores newStores() {
        if (vendor() == TestDatabase.Vendor.POSTGRES) {
            Postgres.assume();
        }
        TestDatabase db = TestDatabase.of(vendor(), getClass());
        db.clear();
        dataSource = db.dataSource();
        return new Stores(new JdbcCustomerStore(dataSource), new JdbcTimerStore(dataSource), new JdbcOutbox(dataSource));
    }

    /** What the SPI shows, and every row of the tables as the database holds it. */
    @Override
    protected String everythingStored() {
        StringBuilder sb = new StringBuilder(super.everythingStored());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        sb.append(table).append(':');
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object value = rs.getObject(i);
                            sb.append(' ').append(value instanceof byte[] bytes
                                    ? new String(bytes, StandardCharsets.ISO_8859_1) : value);
                        }
                        sb.append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the test database", e);
        }
        return sb.toString();
    }
}
