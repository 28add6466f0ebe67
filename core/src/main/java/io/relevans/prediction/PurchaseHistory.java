package io.relevans.prediction;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One customer's purchases folded into bounded state, one purchase at a time: the first and the last
 * purchase day with what was spent on each, the number of purchase days, and the spend of the repeat days.
 * Purchases on one calendar day (in {@code zone}) count as one purchase and their amounts are summed. Gives
 * the customer's {@link PurchaseSummary} as of a {@link Calibration}.
 *
 * <p><b>Exactness.</b> The fold is exact, whatever the order of the purchases, as long as no purchase
 * arrives for a day strictly between the first and the last purchase day known so far: purchases in time
 * order, purchases of the last or the first day in any order, and purchases before the first day are all
 * exact. A purchase dated strictly between the first and last day is counted as a new purchase day (its
 * amount is always added exactly): the fold keeps no list of days, so a second late purchase of such a day
 * counts that day twice, making x (and the count of repeat days with spend) an upper bound.
 *
 * <p><b>Merging.</b> {@link #merge(PurchaseHistory)} combines two histories of the same person (two
 * profiles found to be one). Spend totals, first and last days, and recency are always exact; the number of
 * purchase days is exact when the two histories share no day other than their first and last days (for
 * instance when one ends before the other begins); a day that is inside one history and a purchase day of
 * the other is counted twice, so x is then at most the sum of both and at least the exact count.
 *
 * @param zone             the zone whose calendar days count as one purchase
 * @param firstDay         the first purchase day
 * @param firstDaySpend    the amount spent on the first purchase day
 * @param lastDay          the last purchase day, not before {@code firstDay}
 * @param lastDaySpend     the amount spent on the last purchase day (the first day's when they are one)
 * @param purchaseDays     the number of purchase days, 1 or more
 * @param repeatSpend      the amount spent on the days after the first
 * @param repeatSpendDays  the days after the first with a positive amount
 */
public record PurchaseHistory(ZoneId zone, LocalDate firstDay, double firstDaySpend, LocalDate lastDay,
                              double lastDaySpend, int purchaseDays, double repeatSpend, int repeatSpendDays) {

    /**
     * @throws NullPointerException     if the zone or a day is null
     * @throws IllegalArgumentException naming the value, if a spend is negative or not finite, the last day is
     *                                  before the first, or the counts disagree with the days
     */
    public PurchaseHistory {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(lastDay, "lastDay");
        PurchaseSummary.requireFiniteNonNegative("first day spend", firstDaySpend);
        PurchaseSummary.requireFiniteNonNegative("last day spend", lastDaySpend);
        PurchaseSummary.requireFiniteNonNegative("repeat spend", repeatSpend);
        if (lastDay.isBefore(firstDay)) {
            throw new IllegalArgumentException("last purchase day " + lastDay + " is before the first " + firstDay);
        }
        if (purchaseDays < 1) {
            throw new IllegalArgumentException("purchase days must be 1 or more, got " + purchaseDays);
        }
        if (lastDay.equals(firstDay) != (purchaseDays == 1)) {
            throw new IllegalArgumentException(purchaseDays + " purchase days do not fit first day " + firstDay
                    + " and last day " + lastDay);
        }
        if (repeatSpendDays < 0 || repeatSpendDays > purchaseDays - 1) {
            throw new IllegalArgumentException("repeat days with spend " + repeatSpendDays
                    + " must be between 0 and the repeat days " + (purchaseDays - 1));
        }
        if ((repeatSpendDays == 0) != (repeatSpend == 0)) {
            throw new IllegalArgumentException("repeat spend " + repeatSpend + " does not fit " + repeatSpendDays
                    + " repeat days with spend");
        }
    }

    /**
     * A history of one purchase, with days counted in UTC.
     *
     * @param time   when the purchase was made
     * @param amount what it was worth, 0 or more
     * @return the history
     * @throws NullPointerException     if {@code time} is null
     * @throws IllegalArgumentException naming the amount, if it is negative or not finite
     */
    public static PurchaseHistory first(Instant time, double amount) {
        return first(time, amount, ZoneOffset.UTC);
    }

    /**
     * A history of one purchase, with days counted in {@code zone}.
     *
     * @param time   when the purchase was made
     * @param amount what it was worth, 0 or more
     * @param zone   the zone whose calendar days count as one purchase
     * @return the history
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException naming the amount, if it is negative or not finite
     */
    public static PurchaseHistory first(Instant time, double amount, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        LocalDate day = day(time, zone);
        requireAmount(amount, day);
        return new PurchaseHistory(zone, day, amount, day, amount, 1, 0, 0);
    }

    /**
     * This history with one more purchase (see the class comment for what the order changes).
     *
     * @param time   when the purchase was made
     * @param amount what it was worth, 0 or more
     * @return the new history; this one is unchanged
     * @throws NullPointerException     if {@code time} is null
     * @throws IllegalArgumentException naming the amount and day, if the amount is negative or not finite or
     *                                  the spend totals overflow
     * @throws ArithmeticException      if the purchase days no longer fit an {@code int}
     */
    public PurchaseHistory with(Instant time, double amount) {
        LocalDate day = day(time, zone);
        requireAmount(amount, day);
        if (day.equals(lastDay)) {
            if (purchaseDays == 1) { // the first day is the last
                return new PurchaseHistory(zone, firstDay, sum(firstDaySpend, amount, day), lastDay,
                        sum(lastDaySpend, amount, day), 1, 0, 0);
            }
            boolean newlyPositive = lastDaySpend == 0 && amount > 0;
            return new PurchaseHistory(zone, firstDay, firstDaySpend, lastDay, sum(lastDaySpend, amount, day),
                    purchaseDays, sum(repeatSpend, amount, day), repeatSpendDays + (newlyPositive ? 1 : 0));
        }
        if (day.equals(firstDay)) {
            return new PurchaseHistory(zone, firstDay, sum(firstDaySpend, amount, day), lastDay, lastDaySpend,
                    purchaseDays, repeatSpend, repeatSpendDays);
        }
        int days = Math.addExact(purchaseDays, 1);
        if (day.isAfter(lastDay)) {
            return new PurchaseHistory(zone, firstDay, firstDaySpend, day, amount, days,
                    sum(repeatSpend, amount, day), repeatSpendDays + (amount > 0 ? 1 : 0));
        }
        if (day.isBefore(firstDay)) { // the old first day becomes a repeat day
            return new PurchaseHistory(zone, day, amount, lastDay, lastDaySpend, days,
                    sum(repeatSpend, firstDaySpend, day), repeatSpendDays + (firstDaySpend > 0 ? 1 : 0));
        }
        // strictly between the first and last day: counted as a new day (the class comment says the cost)
        return new PurchaseHistory(zone, firstDay, firstDaySpend, lastDay, lastDaySpend, days,
                sum(repeatSpend, amount, day), repeatSpendDays + (amount > 0 ? 1 : 0));
    }

    /**
     * This history and another of the same person as one (see the class comment for what is exact).
     *
     * @param other the other history, with days counted in the same zone
     * @return the combined history; commutative
     * @throws NullPointerException     if {@code other} is null
     * @throws IllegalArgumentException if the zones differ or the spend totals overflow
     * @throws ArithmeticException      if the purchase days no longer fit an {@code int}
     */
    public PurchaseHistory merge(PurchaseHistory other) {
        Objects.requireNonNull(other, "other");
        if (!zone.equals(other.zone)) {
            throw new IllegalArgumentException("cannot merge a history counted in " + zone + " with one counted in "
                    + other.zone);
        }
        LocalDate first = firstDay.isBefore(other.firstDay) ? firstDay : other.firstDay;
        LocalDate last = lastDay.isAfter(other.lastDay) ? lastDay : other.lastDay;
        // the days whose whole spend each history knows: its first and last day
        int shared = 0;
        int positive = positiveDays() + other.positiveDays();
        for (LocalDate day : endpoints()) {
            if (other.isEndpoint(day)) {
                shared++;
                double mine = endpointSpend(day);
                double theirs = other.endpointSpend(day);
                positive -= (mine > 0 ? 1 : 0) + (theirs > 0 ? 1 : 0) - (mine + theirs > 0 ? 1 : 0);
            }
        }
        double firstSpend = (firstDay.equals(first) ? firstDaySpend : 0)
                + (other.firstDay.equals(first) ? other.firstDaySpend : 0);
        double lastSpend = (lastDay.equals(last) ? lastDaySpend : 0)
                + (other.lastDay.equals(last) ? other.lastDaySpend : 0);
        // a history whose first day is later than the merged first day brings that day as a repeat day
        double repeat = sum(repeatSpend, other.repeatSpend, last);
        repeat = sum(repeat, firstDay.equals(first) ? 0 : firstDaySpend, firstDay);
        repeat = sum(repeat, other.firstDay.equals(first) ? 0 : other.firstDaySpend, other.firstDay);
        int days = Math.subtractExact(Math.addExact(purchaseDays, other.purchaseDays), shared);
        if (first.equals(last)) {
            return new PurchaseHistory(zone, first, firstSpend, last, firstSpend, 1, 0, 0);
        }
        return new PurchaseHistory(zone, first, firstSpend, last, lastSpend, days, repeat,
                positive - (firstSpend > 0 ? 1 : 0));
    }

    /**
     * The customer's summary as of the end of a calibration period.
     *
     * @param calibration the calibration period's last day and time unit
     * @return x = purchase days - 1, t<sub>x</sub> from the first to the last purchase day, T from the first
     *         purchase day to the calibration's last day, and the repeat days' spend
     * @throws NullPointerException     if {@code calibration} is null
     * @throws IllegalArgumentException naming both days, if the calibration period ends before the first or the
     *                                  last purchase day
     */
    public PurchaseSummary summary(Calibration calibration) {
        Objects.requireNonNull(calibration, "calibration");
        if (calibration.lastDay().isBefore(firstDay)) {
            throw new IllegalArgumentException("calibration period ends " + calibration.lastDay()
                    + ", before the first purchase day " + firstDay);
        }
        if (calibration.lastDay().isBefore(lastDay)) {
            throw new IllegalArgumentException("calibration period ends " + calibration.lastDay()
                    + ", before the last purchase day " + lastDay + ": fold only the purchases up to its end");
        }
        return new PurchaseSummary(purchaseDays - 1, calibration.between(firstDay, lastDay),
                calibration.between(firstDay, calibration.lastDay()), repeatSpend, repeatSpendDays);
    }

    /** The amount spent on every day, the first included. */
    public double totalSpend() {
        return firstDaySpend + repeatSpend;
    }

    private int positiveDays() {
        return repeatSpendDays + (firstDaySpend > 0 ? 1 : 0);
    }

    private LocalDate[] endpoints() {
        return purchaseDays == 1 ? new LocalDate[] {firstDay} : new LocalDate[] {firstDay, lastDay};
    }

    private boolean isEndpoint(LocalDate day) {
        return day.equals(firstDay) || day.equals(lastDay);
    }

    private double endpointSpend(LocalDate day) {
        return day.equals(firstDay) ? firstDaySpend : lastDaySpend;
    }

    private static LocalDate day(Instant time, ZoneId zone) {
        Objects.requireNonNull(time, "time");
        return LocalDate.ofInstant(time, zone);
    }

    private static void requireAmount(double amount, LocalDate day) {
        if (!Double.isFinite(amount) || amount < 0) {
            throw new IllegalArgumentException("purchase amount on " + day + " must be a finite number of 0 or more, got "
                    + amount);
        }
    }

    private static double sum(double a, double b, LocalDate day) {
        double s = a + b;
        if (!Double.isFinite(s)) {
            throw new IllegalArgumentException("spend total overflows at the purchase on " + day + ": " + a + " + " + b);
        }
        return s;
    }
}
