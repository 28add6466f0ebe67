package io.relevans.prediction;

/**
 * What the customer-base models need to know of one customer as of the end of a calibration period: how
 * often they came back, how recently, for how long they have been watched, and what their repeat
 * purchases were worth. Made by {@link PurchaseHistory#summary(Calibration)} or from published figures.
 *
 * <p>Purchases on one calendar day count as one purchase (their amounts summed). Times are in the unit of
 * the {@link Calibration} the summary was made for (weeks by default).
 *
 * @param repeatPurchases x: purchase days after the first one
 * @param recency         t<sub>x</sub>: time from the first purchase day to the last, 0 without repeat
 *                        purchases
 * @param age             T: time from the first purchase day to the end of the calibration period, at
 *                        least {@code recency}
 * @param repeatSpend     the total spent on the repeat purchase days (the first day's spend is left out,
 *                        as in the Gamma-Gamma model)
 * @param repeatSpendCount the repeat purchase days with a positive amount: the repeat purchases
 *                        {@code repeatSpend} is averaged over (days of zero-value purchases count as
 *                        purchases for {@link BgNbdModel} but carry no information on spend for
 *                        {@link GammaGammaModel}); at most {@code repeatPurchases}
 */
public record PurchaseSummary(int repeatPurchases, double recency, double age, double repeatSpend,
                              int repeatSpendCount) {

    /**
     * @throws IllegalArgumentException naming the value, if a count is negative, a time or amount is negative
     *                                  or not finite, recency exceeds age, recency is not 0 exactly when
     *                                  there are no repeat purchases, more repeat days have spend than there
     *                                  are repeat days, or spend and its count disagree
     */
    public PurchaseSummary {
        if (repeatPurchases < 0) {
            throw new IllegalArgumentException("repeat purchases (x) must be 0 or more, got " + repeatPurchases);
        }
        requireFiniteNonNegative("recency (t_x)", recency);
        requireFiniteNonNegative("age (T)", age);
        requireFiniteNonNegative("repeat spend", repeatSpend);
        if (recency > age) {
            throw new IllegalArgumentException("recency (t_x) " + recency + " is after age (T) " + age
                    + ": the last purchase cannot come after the end of the calibration period");
        }
        if (repeatPurchases == 0 && recency != 0) {
            throw new IllegalArgumentException("recency (t_x) " + recency
                    + " without repeat purchases (x = 0): recency is 0 when the first purchase is the last");
        }
        if (repeatPurchases > 0 && recency == 0) {
            throw new IllegalArgumentException("recency (t_x) 0 with " + repeatPurchases
                    + " repeat purchases (x): a repeat purchase comes after the first purchase day");
        }
        if (repeatSpendCount < 0 || repeatSpendCount > repeatPurchases) {
            throw new IllegalArgumentException("repeat spend count " + repeatSpendCount + " must be between 0 and "
                    + "the repeat purchases (x) " + repeatPurchases);
        }
        if (repeatSpendCount == 0 && repeatSpend != 0) {
            throw new IllegalArgumentException("repeat spend " + repeatSpend
                    + " with a repeat spend count of 0: spend is counted on the days it was made");
        }
        if (repeatSpendCount > 0 && repeatSpend == 0) {
            throw new IllegalArgumentException("repeat spend count " + repeatSpendCount
                    + " with a repeat spend of 0: only days with a positive amount are counted");
        }
    }

    /**
     * A summary without spend, from the three figures of the BG/NBD model.
     *
     * @param repeatPurchases x
     * @param recency         t<sub>x</sub>
     * @param age             T
     * @return the summary, with no repeat spend
     * @throws IllegalArgumentException as the constructor
     */
    public static PurchaseSummary of(int repeatPurchases, double recency, double age) {
        return new PurchaseSummary(repeatPurchases, recency, age, 0, 0);
    }

    /**
     * The average amount of a repeat purchase day with spend, the m<sub>x</sub> of the Gamma-Gamma model.
     *
     * @return {@code repeatSpend / repeatSpendCount}, or 0 when no repeat day had spend
     */
    public double meanRepeatSpend() {
        return repeatSpendCount == 0 ? 0 : repeatSpend / repeatSpendCount;
    }

    static void requireFiniteNonNegative(String name, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(name + " must be a finite number of 0 or more, got " + value);
        }
    }
}
