package io.relevans.jdbc;

import io.relevans.spi.PredictionModelStore;
import io.relevans.spi.PredictionModelStoreContract;


/** The {@link PredictionModelStore} contract on H2. */
class JdbcPredictionModelStoreH2Test extends PredictionModelStoreContract {

    @Override
    protected PredictionModelStore newStore() {
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.H2, getClass());
        db.clear();
        return JdbcStorage.open(db.dataSource()).predictionModels();
    }
}
