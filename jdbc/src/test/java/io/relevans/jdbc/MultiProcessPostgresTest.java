package io.relevans.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/** {@link MultiProcessBehaviour} on PostgreSQL, in a schema of its own (skipped without a database). */
class MultiProcessPostgresTest extends MultiProcessBehaviour {

    private static TestDatabase db;

    @BeforeAll
    static void createSchema() {
        Postgres.assume();
        db = TestDatabase.of(TestDatabase.Vendor.POSTGRES, MultiProcessPostgresTest.class);
    }

    private static String schema() {
        return TestDatabase.schema(MultiProcessPostgresTest.class.getSimpleName());
    }

    @Override
    protected String processUrl() {
        String url = Postgres.url();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema();
    }

    @Override
    protected DataSource connect() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(Postgres.url());
        ds.setCurrentSchema(schema());
        return new ReusingDataSource(ds);
    }

    @Override
    protected void clear() {
        db.clear();
    }
}
