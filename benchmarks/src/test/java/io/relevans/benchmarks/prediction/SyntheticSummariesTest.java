package io.relevans.benchmarks.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.prediction.BgNbdFit;
import io.relevans.prediction.BgNbdModel;
import io.relevans.prediction.GammaGammaFit;
import io.relevans.prediction.GammaGammaModel;
import io.relevans.prediction.PurchaseSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's customers are deterministic, and fitting them gives back the parameters they were drawn from. */
class SyntheticSummariesTest {

    @Test
    void sameSeed_givesEqualSummaries() {
        assertEquals(SyntheticSummaries.generate(22, 2_000), SyntheticSummaries.generate(22, 2_000));
    }

    @Test
    void fits_recoverTheParametersTheCustomersWereDrawnFrom() {
        List<PurchaseSummary> summaries = SyntheticSummaries.generate(22, 50_000);
        BgNbdFit fit = BgNbdFit.fit(summaries, SyntheticSummaries.CALIBRATION);
        assertTrue(fit.diagnostics().reliable(), fit.diagnostics().summary());
        BgNbdModel m = fit.model();
        BgNbdModel truth = SyntheticSummaries.CDNOW;
        assertEquals(truth.r(), m.r(), 0.1 * truth.r(), m.toString());
        assertEquals(truth.alpha(), m.alpha(), 0.15 * truth.alpha(), m.toString());
        assertEquals(truth.a(), m.a(), 0.2 * truth.a(), m.toString());
        assertEquals(truth.b(), m.b(), 0.3 * truth.b(), m.toString());
        GammaGammaFit spend = GammaGammaFit.fit(summaries, SyntheticSummaries.CALIBRATION);
        GammaGammaModel s = spend.model();
        assertTrue(spend.diagnostics().reliable(), spend.diagnostics().summary());
        assertEquals(SyntheticSummaries.CDNOW_SPEND.meanSpend(), s.meanSpend(), 0.1 * s.meanSpend(), s.toString());
    }
}
