package io.relevans.jdbc;

/** GDPR erasure on the JDBC stores on an in-memory H2 database. */
class JdbcErasureH2Test extends JdbcErasureBehaviour {

    @Override
    TestDatabase.Vendor vendor() {
        return TestDatabase.Vendor.H2;
    }
}
