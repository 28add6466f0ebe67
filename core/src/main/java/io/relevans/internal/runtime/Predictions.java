package io.relevans.internal.runtime;

import io.relevans.internal.feature.FeaturePlan;
import io.relevans.internal.step.CustomerStep;
import io.relevans.prediction.Calibration;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.PurchaseHistory;
import io.relevans.prediction.PurchaseSummary;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.PredictionModelStore;
import io.relevans.spi.Storage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's customer-base model: fitted on the purchase summaries in the customer store, published to the
 * storage's model store under the next version, and taken from there, so that every engine on a storage
 * uses the latest version. An unreliable fit is reported and not published: the model in use stays.
 * Thread-safe; the engine installs the model it gives into its step.
 */
public final class Predictions {

    private static final Logger LOG = LoggerFactory.getLogger(Predictions.class);
    /** How often a tick asks the store for a version another engine published. */
    static final Duration POLL = Duration.ofMinutes(1);

    private final CustomerStore customers;
    private final PredictionModelStore store;
    private final @Nullable Duration refitEvery;
    private volatile @Nullable CustomerBaseModel current;
    private @Nullable Instant lastPoll;
    /** When a fit was last tried, published or not. */
    private @Nullable Instant lastFit;

    /**
     * @param storage    the storage whose customers are fitted and whose model store keeps the versions (one
     *                   in this process's memory when it keeps none)
     * @param refitEvery how old the model may get before a tick fits a new one; null: only on request
     */
    public Predictions(Storage storage, @Nullable Duration refitEvery) {
        this.customers = storage.customers();
        this.store = modelsOf(storage);
        this.refitEvery = refitEvery;
        this.current = store.latest().orElse(null);
    }

    private static PredictionModelStore modelsOf(Storage storage) {
        try {
            return storage.predictionModels();
        } catch (UnsupportedOperationException e) {
            LOG.info("{}; fitted models are kept in this process only", e.getMessage());
            return PredictionModelStore.inMemory();
        }
    }

    /** The model in use, or null. */
    public @Nullable CustomerBaseModel current() {
        return current;
    }

    /** Every stored version, oldest first. */
    public List<CustomerBaseModel> versions() {
        return store.all();
    }

    /**
     * Fits the models on every stored customer's purchase summary, calibrated through the moment's day in the
     * zone the step counts purchase days in, and publishes the fit when it is reliable.
     *
     * @return the fit (version 0 when it was not published: see its diagnostics), or the model another engine
     *         published meanwhile
     * @throws IllegalStateException when no stored customer has a purchase summary (the loaded definitions
     *                               use no prediction, or nobody bought yet)
     */
    public synchronized CustomerBaseModel fit(CustomerStep step, Instant now) {
        lastFit = now;
        FeaturePlan plan = step.segments().plan();
        if (!plan.predicts()) {
            throw new IllegalStateException("the loaded definitions use no prediction (p_alive, expected_purchases, "
                    + "expected_spend): no purchase summaries are kept to fit a model on");
        }
        LocalDate today = LocalDate.ofInstant(now, step.segments().definitions().policies().purchaseDayZone());
        Calibration calibration = Calibration.through(today);
        long seen = store.latest().map(CustomerBaseModel::version).orElse(0L);
        long started = System.nanoTime();
        List<PurchaseSummary> summaries = new ArrayList<>();
        customers.forEach(r -> {
            PurchaseHistory h = plan.purchaseHistory(r.features());
            if (h != null && !h.lastDay().isAfter(today)) {
                summaries.add(h.summary(calibration));
            }
        });
        if (summaries.isEmpty()) {
            throw new IllegalStateException("no stored customer has a purchase through " + today
                    + ": a model is fitted on the customers' purchase days");
        }
        CustomerBaseModel fitted = CustomerBaseModel.fit(summaries, calibration, now);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (!fitted.usable()) {
            LOG.warn("prediction fit over {} customers in {} ms is not used: {}", summaries.size(), millis,
                    fitted.purchases().diagnostics().summary());
            return fitted;
        }
        CustomerBaseModel stored = store.publish(fitted, seen);
        current = stored;
        LOG.info("prediction model v{} fitted over {} customers in {} ms: {}", stored.version(), summaries.size(), millis,
                stored.summary());
        return stored;
    }

    /**
     * What a tick does: takes a version another engine published (asking the store at most every minute), and
     * refits when the model in use is older than the refit interval.
     *
     * @return the model to use from now on, when it changed
     */
    public synchronized Optional<CustomerBaseModel> tick(CustomerStep step, Instant now) {
        CustomerBaseModel before = current;
        if (lastPoll == null || !lastPoll.plus(POLL).isAfter(now)) {
            lastPoll = now;
            store.latest().filter(m -> before == null || m.version() != before.version()).ifPresent(m -> current = m);
        }
        if (refitEvery != null && step.segments().plan().predicts()
                && (lastFit == null || !lastFit.plus(refitEvery).isAfter(now))
                && (current == null || !current.fittedAt().plus(refitEvery).isAfter(now))) {
            try {
                fit(step, now);
            } catch (IllegalStateException e) {
                LOG.debug("no scheduled prediction fit: {}", e.getMessage());
            }
        }
        return current == before ? Optional.empty() : Optional.ofNullable(current);
    }
}
