package io.relevans.jdbc;

/** Crash safety on PostgreSQL, in a schema of its own (skipped without a database). */
class CrashRecoveryPostgresTest extends CrashRecoveryBehaviour {

    @Override
    TestDatabase database() {
        Postgres.assume();
        return TestDatabase.of(TestDatabase.Vendor.POSTGRES, getClass());
    }

    @Override
    int stride() {
        return 80;
    }
}
