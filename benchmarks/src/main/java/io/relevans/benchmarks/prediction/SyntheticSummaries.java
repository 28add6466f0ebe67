package io.relevans.benchmarks.prediction;

import io.relevans.prediction.BgNbdModel;
import io.relevans.prediction.Calibration;
import io.relevans.prediction.GammaGammaModel;
import io.relevans.prediction.PurchaseHistory;
import io.relevans.prediction.PurchaseSummary;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.random.RandomDataGenerator;

/**
 * Customers drawn from the BG/NBD and Gamma-Gamma models with the parameters fit on the CDNOW sample, shaped
 * like the CDNOW cohort: a first purchase on one of the first 84 days of 1997, purchases (one a day at most)
 * until the end of the 39-week calibration period or until the customer drops out, each folded through
 * {@link PurchaseHistory} into a {@link PurchaseSummary} in weeks. Deterministic: the same seed and number
 * give equal summaries.
 */
public final class SyntheticSummaries {

    /** The BG/NBD parameters fit on the CDNOW sample. */
    public static final BgNbdModel CDNOW = new BgNbdModel(0.2426, 4.4134, 0.7929, 2.4259);
    /** The Gamma-Gamma parameters fit on the CDNOW sample. */
    public static final GammaGammaModel CDNOW_SPEND = new GammaGammaModel(6.2497, 3.7442, 15.4430);
    /** Through 1997-09-30, in weeks. */
    public static final Calibration CALIBRATION = Calibration.through(LocalDate.of(1997, 9, 30));

    private static final LocalDate START = LocalDate.of(1997, 1, 1);
    private static final int CALIBRATION_DAYS = 273;

    private SyntheticSummaries() {
    }

    /**
     * @param seed      the random seed
     * @param customers how many
     * @return one summary a customer
     */
    public static List<PurchaseSummary> generate(long seed, int customers) {
        RandomDataGenerator random = new RandomDataGenerator(seed);
        List<PurchaseSummary> summaries = new ArrayList<>(customers);
        for (int i = 0; i < customers; i++) {
            int firstDay = random.nextInt(0, 83);
            double lambda = random.nextGamma(CDNOW.r(), 1 / CDNOW.alpha()); // purchases a week
            double dropout = random.nextBeta(CDNOW.a(), CDNOW.b());
            double nu = random.nextGamma(CDNOW_SPEND.q(), 1 / CDNOW_SPEND.gamma());
            Instant first = START.plusDays(firstDay).atStartOfDay(ZoneOffset.UTC).toInstant();
            PurchaseHistory history = PurchaseHistory.first(first, random.nextGamma(CDNOW_SPEND.p(), 1 / nu));
            // purchases at rate lambda while active; after each repeat purchase the customer drops out with
            // probability p; observed until the end of 1997-09-30
            double weeks = 0;
            double observed = (CALIBRATION_DAYS - firstDay) / 7.0;
            while (lambda > 0) {
                weeks += random.nextExponential(1 / lambda);
                if (weeks >= observed) {
                    break;
                }
                Instant at = first.plusSeconds((long) Math.floor(weeks * 7) * 86_400);
                history = history.with(at, random.nextGamma(CDNOW_SPEND.p(), 1 / nu));
                if (random.nextUniform(0, 1) < dropout) {
                    break;
                }
            }
            summaries.add(history.summary(CALIBRATION));
        }
        return summaries;
    }
}
