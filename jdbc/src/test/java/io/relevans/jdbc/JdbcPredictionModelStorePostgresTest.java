package io.relevans.jdbc;

import io.relevans.spi.PredictionModelStore;
import io.relevans.spi.PredictionModelStoreContract;
import org.junit.jupiter.api.BeforeAll;

/** The {@link PredictionModelStore} contract on PostgreSQL (skipped without one). */
class JdbcPredictionModelStorePostgresTest extends PredictionModelStoreContract {

    @BeforeAll
    static void requireDatabase() {
        Postgres.assume();
    }

    @Override
    protected PredictionModelStore newStore() {
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.POSTGRES, getClass());
        db.clear();
        return JdbcStorage.open(db.dataSource()).predictionModels();
    }
}
