package io.relevans.prediction;

import java.util.Objects;

/**
 * How a maximum-likelihood fit went: over how many customers, how well the model fits them, how hard the
 * optimizer worked and whether it converged. A fit that did not converge, or had too few repeat customers to
 * say anything of repeat behaviour, is reported here rather than thrown: {@link #reliable()} says whether
 * its parameters can be used.
 *
 * @param customers             the summaries given
 * @param repeatCustomers       those with repeat purchases (for Gamma-Gamma: with repeat spend, the ones fit)
 * @param logLikelihood         the total log-likelihood of the summaries at the fitted parameters
 * @param iterations            the optimizer's iterations, over all its restarts
 * @param evaluations           the log-likelihood evaluations, over all restarts
 * @param converged             whether the optimizer met its tolerance within its evaluation budget
 * @param calibration           the calibration period the summaries were made for, with its time unit
 */
public record FitDiagnostics(int customers, int repeatCustomers, double logLikelihood, int iterations,
                             int evaluations, boolean converged, Calibration calibration) {

    /** The fewest customers with repeat purchases (or, for spend, repeat spend) for a {@link #reliable()} fit. */
    public static final int MIN_REPEAT_CUSTOMERS = 30;

    /**
     * @throws NullPointerException if {@code calibration} is null
     */
    public FitDiagnostics {
        Objects.requireNonNull(calibration, "calibration");
    }

    /** The diagnostics of a maximum-likelihood fit over the customers. */
    static FitDiagnostics of(int customers, int repeatCustomers, MaximumLikelihood.Result result, Calibration calibration) {
        return new FitDiagnostics(customers, repeatCustomers, result.logLikelihood(), result.iterations(),
                result.evaluations(), result.converged(), calibration);
    }

    /** Whether there were at least {@value #MIN_REPEAT_CUSTOMERS} repeat customers. */
    public boolean enoughRepeatCustomers() {
        return repeatCustomers >= MIN_REPEAT_CUSTOMERS;
    }

    /**
     * Whether the fitted parameters can be used: converged, on enough repeat customers.
     *
     * @return {@code converged && enoughRepeatCustomers()}
     */
    public boolean reliable() {
        return converged && enoughRepeatCustomers();
    }

    /**
     * One line for logs and reports.
     *
     * @return e.g. {@code 2357 customers (946 repeat), log-likelihood -9582.43, 412 evaluations, converged,
     *         calibration through 1997-09-30 in weeks}
     */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d customers (%d repeat%s), log-likelihood %.2f, %d iterations,"
                        + " %d evaluations, %s, calibration %s", customers, repeatCustomers,
                enoughRepeatCustomers() ? "" : ": too few", logLikelihood, iterations, evaluations,
                converged ? "converged" : "not converged", calibration);
    }
}
