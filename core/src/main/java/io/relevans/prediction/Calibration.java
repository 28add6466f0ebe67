package io.relevans.prediction;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The end of a calibration period and the unit its times are measured in: a summary as of a calibration
 * counts the purchases up to and including {@code lastDay} and measures recency and age in {@code unit}.
 *
 * <p>Times are counted in whole calendar days (in the zone of the {@link PurchaseHistory}): a purchase day
 * stands at the end of that day, and the calibration period ends at the end of {@code lastDay}. A first
 * purchase on 1997-01-01 with the calibration through 1997-09-30 has age T = 272 days = 38.86 weeks, the
 * figure of Fader, Hardie and Lee's CDNOW data (their 39-week calibration period, day 1 to day 273).
 *
 * @param lastDay the last day of the calibration period, inclusive
 * @param unit    {@link ChronoUnit#WEEKS} (the literature's, the default) or {@link ChronoUnit#DAYS}
 */
public record Calibration(LocalDate lastDay, ChronoUnit unit) {

    /**
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the unit is neither days nor weeks
     */
    public Calibration {
        Objects.requireNonNull(lastDay, "lastDay");
        Objects.requireNonNull(unit, "unit");
        if (unit != ChronoUnit.WEEKS && unit != ChronoUnit.DAYS) {
            throw new IllegalArgumentException("calibration time unit " + unit
                    + " is not supported: use WEEKS or DAYS (times are counted in whole days)");
        }
    }

    /**
     * A calibration period through {@code lastDay}, inclusive, measured in weeks.
     *
     * @param lastDay the last day of the period
     * @return the calibration
     * @throws NullPointerException if {@code lastDay} is null
     */
    public static Calibration through(LocalDate lastDay) {
        return new Calibration(lastDay, ChronoUnit.WEEKS);
    }

    /**
     * The same period measured in another unit.
     *
     * @param other {@link ChronoUnit#WEEKS} or {@link ChronoUnit#DAYS}
     * @return the calibration in {@code other}
     * @throws IllegalArgumentException if the unit is neither days nor weeks
     */
    public Calibration in(ChronoUnit other) {
        return new Calibration(lastDay, other);
    }

    /** Days in one unit: 7 for weeks, 1 for days. */
    double daysPerUnit() {
        return unit == ChronoUnit.WEEKS ? 7.0 : 1.0;
    }

    /**
     * The time from one day to another in this calibration's unit.
     *
     * @param from the earlier day
     * @param to   the later day
     * @return whole days between them over the days in one unit
     */
    double between(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) / daysPerUnit();
    }

    @Override
    public String toString() {
        return "through " + lastDay + " in " + unit.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
