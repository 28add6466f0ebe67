package io.relevans.spi;

import io.relevans.prediction.CustomerBaseModel;
import java.util.List;
import java.util.Optional;

/**
 * Where fitted customer-base models are kept ({@link CustomerBaseModel}: BG/NBD and Gamma-Gamma with their
 * diagnostics), each under a version, so that the prediction features of every engine on a storage, and of
 * an engine after a restart, use the same model. Versions count up from 1; a model is published only as the
 * version after the one its fitter saw, so two engines refitting at the same time store one model and both
 * use it. Implementations must be safe to call from several threads; a store shared by several processes
 * must keep that rule against concurrent publishers.
 */
public interface PredictionModelStore {

    /**
     * Stores the model as version {@code seen + 1} when the latest stored version is {@code seen} (0: none
     * stored yet).
     *
     * @param model the model; its own version is ignored
     * @param seen  the latest version the fitter saw before it fitted
     * @return the latest stored model: this one with its version, or the one another fitter stored first
     * @throws IllegalArgumentException when {@code seen} is negative or above the latest stored version
     */
    CustomerBaseModel publish(CustomerBaseModel model, long seen);

    /** The latest stored model, if any. */
    Optional<CustomerBaseModel> latest();

    /** Every stored model, oldest version first (for audits and reports). */
    List<CustomerBaseModel> all();

    /** A store in memory, for engines of one process. */
    static PredictionModelStore inMemory() {
        return new InMemoryPredictionModels();
    }
}
