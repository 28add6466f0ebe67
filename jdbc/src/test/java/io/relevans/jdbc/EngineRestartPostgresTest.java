package io.relevans.jdbc;

/** The engine restart on PostgreSQL, in a schema of its own made anew for each test (skipped without a database). */
class EngineRestartPostgresTest extends EngineRestartBehaviour {

    @Override
    TestDatabase newDatabase() {
        Postgres.assume();
        return TestDatabase.bare(TestDatabase.Vendor.POSTGRES, getClass().getSimpleName());
    }
}
