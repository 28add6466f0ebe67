package io.relevans.jdbc;

/** Crash safety on an in-memory H2 database. */
class CrashRecoveryH2Test extends CrashRecoveryBehaviour {

    @Override
    TestDatabase database() {
        return TestDatabase.of(TestDatabase.Vendor.H2, getClass());
    }

    @Override
    int stride() {
        return 30;
    }
}
