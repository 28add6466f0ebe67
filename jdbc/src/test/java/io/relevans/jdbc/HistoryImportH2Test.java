package io.relevans.jdbc;

import javax.sql.DataSource;

/** {@link HistoryImportBehaviour} on H2 in memory. */
class HistoryImportH2Test extends HistoryImportBehaviour {

    @Override
    protected DataSource emptyDatabase() {
        return TestDatabase.bare(TestDatabase.Vendor.H2, "import" + System.nanoTime()).dataSource();
    }
}
