package io.relevans.examples.retailer;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.history.ImportReport;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.FitDiagnostics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What Nordhus does on the eve of go-live, the same in a run and in its backtest: in the last second before
 * the period, with the old CRM's profiles stored, the orders before go-live are imported ({@link
 * Relevans#historyImport()}: features, no program runs) and the customer-base model is fitted on them
 * ({@link Relevans#fitPredictions()}, calibrated through the last day before go-live); then the clock moves
 * to the period's start. From then on the engine refits every week by itself ({@link Retailer#REFIT_EVERY}).
 */
final class GoLive {

    private GoLive() {
    }

    /** The moment the history is imported and the model fitted: the last second before the period. */
    static Instant eve(Instant start) {
        return start.minusSeconds(1);
    }

    /**
     * Imports the orders, fits the model and moves the clock to the start, printing the import's progress and
     * summary and the model's summary line.
     *
     * @return the fitted model, usable or not; empty when the definitions use no prediction or nobody bought
     * @throws IllegalStateException when the clock is already past the eve
     */
    static Optional<CustomerBaseModel> importAndFit(Relevans engine, VirtualClock clock, Instant start, Path orders,
                                                   PrintStream out) {
        if (clock.instant().isAfter(eve(start))) {
            throw new IllegalStateException("the clock (" + clock.instant() + ") must stand before " + eve(start)
                    + " to import the history before go-live");
        }
        clock.advanceTo(eve(start));
        ImportReport imported = engine.historyImport().onProgress(p -> out.println("  import: " + p)).jsonLines(orders);
        out.println("Imported the orders before go-live: " + imported.summary());
        Optional<CustomerBaseModel> model;
        try {
            CustomerBaseModel fitted = engine.fitPredictions();
            out.println("Prediction model at go-live: " + describe(fitted));
            model = Optional.of(fitted);
        } catch (IllegalStateException e) {
            out.println("No prediction model at go-live: " + e.getMessage());
            model = Optional.empty();
        }
        clock.advanceTo(start);
        return model;
    }

    /**
     * One line: version, BG/NBD and Gamma-Gamma parameters, customers, repeat customers, log-likelihood,
     * convergence and the calibration; says when the fit is not used.
     */
    static String describe(CustomerBaseModel m) {
        FitDiagnostics d = m.purchases().diagnostics();
        var p = m.purchases().model();
        String spend = m.usableSpend().map(s -> String.format(Locale.ROOT, "; Gamma-Gamma p %.3f, q %.3f, gamma %,.1f",
                s.model().p(), s.model().q(), s.model().gamma())).orElse("; no usable spend fit");
        return String.format(Locale.ROOT, "%s BG/NBD r %.3f, alpha %.3f, a %.3f, b %.3f%s; %,d customers (%,d repeat),"
                        + " log-likelihood %,.1f, %s, calibration %s", m.usable() ? "v" + m.version() : "NOT USED:",
                p.r(), p.alpha(), p.a(), p.b(), spend, d.customers(), d.repeatCustomers(), d.logLikelihood(),
                d.converged() ? "converged" : "not converged", d.calibration());
    }
}
