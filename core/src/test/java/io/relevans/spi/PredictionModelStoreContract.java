package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.prediction.BgNbdFit;
import io.relevans.prediction.BgNbdModel;
import io.relevans.prediction.Calibration;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.FitDiagnostics;
import io.relevans.prediction.GammaGammaFit;
import io.relevans.prediction.GammaGammaModel;
import io.relevans.testing.Concurrently;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PredictionModelStore} must do: versions count up from 1, a model is published only as
 * the version after the one its fitter saw (else the store answers with the version that won), every field
 * of a model reads back exactly, and concurrent publishers of one version store one model. Extend it with a
 * fresh, empty store per call.
 */
public abstract class PredictionModelStoreContract {

    /** A new, empty store. */
    protected abstract PredictionModelStore newStore();

    /** A model with distinct, inexact numbers in every field, fitted at the moment. */
    protected static CustomerBaseModel model(Instant fittedAt, double r) {
        Calibration c = Calibration.through(LocalDate.of(1997, 9, 30));
        return new CustomerBaseModel(0, fittedAt,
                new BgNbdFit(new BgNbdModel(r, 4.413_571_234_567_8, 0.792_9, 2.425_9),
                        new FitDiagnostics(2357, 946, -9582.429_876_543_21, 212, 401, true, c)),
                new GammaGammaFit(new GammaGammaModel(6.249_7, 3.744_2, 15.443_001),
                        new FitDiagnostics(2357, 946, -4000.123_456_789, 100, 180, true, c)));
    }

    @Test
    void anEmptyStore_hasNoModel() {
        PredictionModelStore store = newStore();
        assertTrue(store.latest().isEmpty());
        assertEquals(List.of(), store.all());
    }

    @Test
    void publishedModels_countUpFromOne_andReadBackExactly() {
        PredictionModelStore store = newStore();
        CustomerBaseModel first = model(Instant.parse("2026-01-01T02:03:04.123456789Z"), 0.242_6);
        CustomerBaseModel stored = store.publish(first, 0);
        assertEquals(first.withVersion(1), stored);
        CustomerBaseModel second = model(Instant.parse("2026-02-01T00:00:00Z"), 0.25);
        assertEquals(second.withVersion(2), store.publish(second.withVersion(77), 1)); // its own version is ignored
        assertEquals(second.withVersion(2), store.latest().orElseThrow());
        assertEquals(List.of(first.withVersion(1), second.withVersion(2)), store.all());
    }

    @Test
    void aModelWithoutASpendFit_readsBackWithout() {
        PredictionModelStore store = newStore();
        CustomerBaseModel m = model(Instant.parse("2026-01-01T00:00:00Z"), 0.3);
        CustomerBaseModel noSpend = new CustomerBaseModel(0, m.fittedAt(), m.purchases(), null);
        assertEquals(noSpend.withVersion(1), store.publish(noSpend, 0));
        assertEquals(noSpend.withVersion(1), store.latest().orElseThrow());
    }

    @Test
    void aFitterThatSawAnOlderVersion_getsTheOneThatWon() {
        PredictionModelStore store = newStore();
        CustomerBaseModel winner = store.publish(model(Instant.parse("2026-01-01T00:00:00Z"), 0.2), 0);
        CustomerBaseModel late = model(Instant.parse("2026-01-01T00:00:01Z"), 0.3);
        assertEquals(winner, store.publish(late, 0));
        assertEquals(List.of(winner), store.all());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.publish(late, 5));
        assertTrue(e.getMessage().contains("version 5 was never stored"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.publish(late, -1));
    }

    @Test
    void concurrentPublishersOfOneVersion_storeOneModel_andAllGetIt() throws Exception {
        PredictionModelStore store = newStore();
        java.util.concurrent.atomic.AtomicInteger publisher = new java.util.concurrent.atomic.AtomicInteger();
        List<CustomerBaseModel> answers = Concurrently.gather(6, 1, () -> List.of(store.publish(
                model(Instant.parse("2026-01-01T00:00:00Z"), 0.1 + publisher.incrementAndGet() / 100.0), 0)));
        assertEquals(6, answers.size());
        Set<CustomerBaseModel> distinct = new HashSet<>(answers);
        assertEquals(1, distinct.size(), distinct.toString());
        assertEquals(List.copyOf(distinct), store.all());
        assertEquals(1, store.latest().orElseThrow().version());
    }
}
