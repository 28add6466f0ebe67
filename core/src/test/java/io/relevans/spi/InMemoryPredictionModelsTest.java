package io.relevans.spi;

/** The {@link PredictionModelStore} contract on the in-memory store, and on the stores of {@link Storage#inMemory()}. */
class InMemoryPredictionModelsTest extends PredictionModelStoreContract {

    @Override
    protected PredictionModelStore newStore() {
        return Storage.inMemory().predictionModels();
    }
}
