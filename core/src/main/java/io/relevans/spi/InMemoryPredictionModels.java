package io.relevans.spi;

import io.relevans.prediction.CustomerBaseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link PredictionModelStore#inMemory()}: the versions in a list, published under this store's lock. */
final class InMemoryPredictionModels implements PredictionModelStore {

    private final List<CustomerBaseModel> versions = new ArrayList<>();

    @Override
    public synchronized CustomerBaseModel publish(CustomerBaseModel model, long seen) {
        Objects.requireNonNull(model, "model");
        if (seen < 0) {
            throw new IllegalArgumentException("the version seen must be 0 or more, got " + seen);
        }
        if (seen > versions.size()) {
            throw new IllegalArgumentException("version " + seen + " was never stored: the latest is " + versions.size());
        }
        if (versions.size() != seen) {
            return versions.get(versions.size() - 1); // another fitter published first
        }
        CustomerBaseModel stored = model.withVersion(seen + 1);
        versions.add(stored);
        return stored;
    }

    @Override
    public synchronized Optional<CustomerBaseModel> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    @Override
    public synchronized List<CustomerBaseModel> all() {
        return List.copyOf(versions);
    }
}
