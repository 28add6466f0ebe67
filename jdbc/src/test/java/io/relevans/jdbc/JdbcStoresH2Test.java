package io.relevans.jdbc;

/** The JDBC stores' own behaviour on an in-memory H2 database. */
class JdbcStoresH2Test extends JdbcStoresBehaviour {

    @Override
    TestDatabase.Vendor vendor() {
        return TestDatabase.Vendor.H2;
    }
}
