package io.relevans.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/** {@link MultiInstanceBehaviour} on PostgreSQL, in a schema of its own (skipped without a database). */
class MultiInstancePostgresTest extends MultiInstanceBehaviour {

    private static TestDatabase db;

    @BeforeAll
    static void createSchema() {
        Postgres.assume();
        db = TestDatabase.of(TestDatabase.Vendor.POSTGRES, MultiInstancePostgresTest.class);
    }

    @Override
    protected DataSource connect() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(Postgres.url());
        ds.setCurrentSchema(TestDatabase.schema(MultiInstancePostgresTest.class.getSimpleName()));
        return new ReusingDataSource(ds);
    }

    @Override
    protected void clear() {
        db.clear();
    }
}
