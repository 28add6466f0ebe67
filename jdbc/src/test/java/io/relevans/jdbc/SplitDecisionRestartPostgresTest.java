package io.relevans.jdbc;

/** Split decisions across a restart on PostgreSQL, in a schema of its own made anew for each test (skipped without a database). */
class SplitDecisionRestartPostgresTest extends SplitDecisionRestartBehaviour {

    @Override
    TestDatabase newDatabase() {
        Postgres.assume();
        return TestDatabase.bare(TestDatabase.Vendor.POSTGRES, getClass().getSimpleName());
    }
}
