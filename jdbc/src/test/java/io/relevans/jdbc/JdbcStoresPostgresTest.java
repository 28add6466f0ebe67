package io.relevans.jdbc;

/** The JDBC stores' own behaviour on PostgreSQL (skipped without a database). */
class JdbcStoresPostgresTest extends JdbcStoresBehaviour {

    @Override
    TestDatabase.Vendor vendor() {
        return TestDatabase.Vendor.POSTGRES;
    }
}
