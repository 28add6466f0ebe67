package io.relevans.jdbc;

import javax.sql.DataSource;

/** {@link BackfillBehaviour} on H2 in memory. */
class BackfillH2Test extends BackfillBehaviour {

    @Override
    protected DataSource emptyDatabase() {
        return TestDatabase.bare(TestDatabase.Vendor.H2, "backfill").dataSource();
    }
}
