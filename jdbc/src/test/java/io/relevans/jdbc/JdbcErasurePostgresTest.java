package io.relevans.jdbc;

/** GDPR erasure on the JDBC stores on PostgreSQL (skipped without a database). */
class JdbcErasurePostgresTest extends JdbcErasureBehaviour {

    @Override
    TestDatabase.Vendor vendor() {
        return TestDatabase.Vendor.POSTGRES;
    }
}
