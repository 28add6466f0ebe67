package io.relevans.prediction;

import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximizes a log-likelihood over unbounded (log-transformed) parameters with Hipparchus's Nelder-Mead
 * simplex, restarted from its best point until a restart no longer improves it (a simplex can collapse
 * before the optimum). Deterministic: the same objective and start give the same point.
 */
final class MaximumLikelihood {

    /** Relative and absolute change of the value at which one simplex run stops. */
    static final double TOLERANCE = 1e-11;
    /** Evaluations allowed over all runs. */
    static final int MAX_EVALUATIONS = 20_000;
    /** Runs at most: the first and its restarts. */
    static final int MAX_RUNS = 6;
    /** The simplex's first step along each log-parameter. */
    static final double STEP = 0.5;

    /** The best point found, its log-likelihood, and how it was found. */
    record Result(double[] point, double logLikelihood, int iterations, int evaluations, boolean converged) {
    }

    private MaximumLikelihood() {
    }

    /**
     * @param logLikelihood the function to maximize; may return -infinity or NaN outside its domain
     * @param start         the first point
     */
    /**
     * Checks a fit's inputs.
     *
     * @param model the model's name, for the error
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if there are no summaries
     */
    static void requireSummaries(java.util.Collection<PurchaseSummary> summaries, Calibration calibration, String model) {
        java.util.Objects.requireNonNull(summaries, "summaries");
        java.util.Objects.requireNonNull(calibration, "calibration");
        if (summaries.isEmpty()) {
            throw new IllegalArgumentException("no summaries to fit a " + model + " model to");
        }
    }

    static Result maximize(ToDoubleFunction<double[]> logLikelihood, double[] start) {
        double[] best = start.clone();
        double bestValue = value(logLikelihood, best);
        int iterations = 0;
        int evaluations = 0;
        boolean converged = false;
        for (int run = 0; run < MAX_RUNS && !converged; run++) {
            int budget = MAX_EVALUATIONS - evaluations;
            if (budget <= 0) {
                break;
            }
            SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(TOLERANCE, TOLERANCE));
            double[] steps = new double[start.length];
            java.util.Arrays.fill(steps, STEP);
            double[][] bestSeen = {best.clone()};
            double[] bestSeenValue = {bestValue};
            ObjectiveFunction objective = new ObjectiveFunction(point -> {
                double v = value(logLikelihood, point);
                if (v > bestSeenValue[0]) {
                    bestSeenValue[0] = v;
                    bestSeen[0] = point.clone();
                }
                return -v;
            });
            boolean stopped;
            try {
                PointValuePair found = optimizer.optimize(new MaxEval(budget), objective, GoalType.MINIMIZE,
                        new InitialGuess(best), new NelderMeadSimplex(steps));
                stopped = found != null;
            } catch (MathIllegalStateException tooManyEvaluations) {
                stopped = false;
            }
            iterations += optimizer.getIterations();
            evaluations += optimizer.getEvaluations();
            double previous = bestValue;
            best = bestSeen[0];
            bestValue = bestSeenValue[0];
            if (!stopped) {
                break;
            }
            // converged once a restart from the best point no longer moves the value
            converged = run > 0 && Math.abs(bestValue - previous) <= TOLERANCE * Math.max(1, Math.abs(bestValue)) * 10;
        }
        return new Result(best, bestValue, iterations, evaluations, converged);
    }

    private static double value(ToDoubleFunction<double[]> logLikelihood, double[] point) {
        double v = logLikelihood.applyAsDouble(point);
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }
}
